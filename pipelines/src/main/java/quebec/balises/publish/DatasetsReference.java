package quebec.balises.publish;

import java.util.List;
import org.apache.avro.Schema;

/**
 * {@code docs/datasets.md}: every dataset a run writes, its folder, schema and columns, generated
 * from the Avro schemas' docs so that the reference cannot drift from what the writers use. The
 * README summarises and links here; {@code DatasetsReferenceTest} fails when the committed file is
 * not what this class writes.
 */
public final class DatasetsReference {
  public static final String PATH = "docs/datasets.md";

  private DatasetsReference() {}

  public static String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Datasets\n\n")
        .append(
            "Every dataset a run writes under its output folder, generated from the Avro schemas in"
                + " `schemas/` (`DatasetsReference`; do not edit by hand: `mvn -pl pipelines test"
                + " -Dtest=DatasetsReferenceTest -Dbalises.writeDocs=true` rewrites it). Each"
                + " column's French description is in the schema and, for `public/`, in the"
                + " published dictionary (`public/dictionary/columns.csv`). Types are Avro types"
                + " read as Table Schema types (integer, number, string, boolean, date,"
                + " datetime); a column may be empty only where *nullable* says so.\n\n");
    for (Dataset dataset : Dataset.values()) {
      md.append("- [`")
          .append(dataset.folder())
          .append("`](#")
          .append(anchor(dataset))
          .append(")\n");
    }
    for (Dataset dataset : Dataset.values()) {
      Schema schema = dataset.schema();
      md.append("\n## ").append(dataset.folder()).append("\n\n");
      md.append("Schema `schemas/")
          .append(dataset.schemaName())
          .append(".avsc`")
          .append(dataset.schemaVersion().isEmpty() ? "" : ", version " + dataset.schemaVersion())
          .append(dataset.isPublic() ? "; published." : "; restricted (row-level, pseudonymised).")
          .append(' ');
      List<String> partitions = dataset.partitionedBy();
      if (!partitions.isEmpty()) {
        md.append("Hive-partitioned by ")
            .append(String.join(", ", partitions.stream().map(p -> "`" + p + "`").toList()))
            .append(". ");
      }
      md.append(english(schema.getDoc())).append("\n\n");
      md.append("| Column | Type | Nullable | Meaning |\n|---|---|---|---|\n");
      for (Schema.Field field : schema.getFields()) {
        md.append("| `")
            .append(field.name())
            .append("` | ")
            .append(PublicDictionary.type(field.schema()))
            .append(" | ")
            .append(PublicDictionary.nullable(field.schema()) ? "yes" : "no")
            .append(" | ")
            .append(english(field.doc()).replace("|", "\\|").replace("\n", " "))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  /** The heading's anchor, as GitHub and the documents test make it. */
  static String anchor(Dataset dataset) {
    return dataset.folder().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_ -]", "");
  }

  private static String english(String doc) {
    return PublicDictionary.bilingual(doc)[1];
  }
}
