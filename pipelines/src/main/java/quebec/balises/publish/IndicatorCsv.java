package quebec.balises.publish;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * The published indicators as CSV, beside the Parquet: one file per indicator ({@code
 * csv/indicators/<indicator_id>.csv}) and one with every indicator ({@code csv/indicators.csv}),
 * read back from the Parquet files of {@code public/indicators} after the run, so the two can never
 * disagree. Every file has the columns of {@code schemas/indicators.avsc} in its order, the
 * partition columns ({@code trajectory}, {@code indicator_id}) included, so one file describes
 * itself. UTF-8 with a byte-order mark, so that a spreadsheet opens the accents right; comma
 * separated, a header line, empty for a missing value, dates as {@code YYYY-MM-DD}, numbers in full
 * precision with a point as decimal separator and no exponent.
 */
public final class IndicatorCsv {
  private IndicatorCsv() {}

  public static final String ALL = "csv/indicators.csv";
  public static final String FOLDER = "csv/indicators";

  /** Every row of {@code public/data_quality}, in one file. */
  public static final String DATA_QUALITY = "csv/data_quality.csv";

  static final String BOM = "\uFEFF";

  /**
   * Writes the CSV files under {@code publicRoot} from the Parquet files of the indicators.
   *
   * @return the per-indicator files and what they hold
   */
  public static Written write(String publicRoot) throws IOException {
    Schema schema = Dataset.INDICATORS.schema();
    List<String> columns = new ArrayList<>();
    schema.getFields().forEach(f -> columns.add(f.name()));
    List<String> partitionColumns = Dataset.INDICATORS.partitionedBy();
    String header = BOM + Csv.line(columns.toArray(String[]::new));

    // Parquet files by indicator id, in path order.
    SortedMap<String, List<MatchResult.Metadata>> byPartition = new TreeMap<>();
    String root = publicRoot + Dataset.INDICATORS.folder().substring("public/".length());
    MatchResult match = FileSystems.match(root + "/**.parquet");
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata file : match.metadata()) {
        String path = file.resourceId().toString();
        String partition = path.substring(path.indexOf(root) + root.length() + 1);
        partition = partition.substring(0, partition.lastIndexOf('/'));
        byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).add(file);
      }
    }
    SortedMap<String, String> written = new TreeMap<>();
    long rows = 0;
    long withheld = 0;
    try (OutputStream all = create(publicRoot + ALL)) {
      all.write(header.getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, List<MatchResult.Metadata>> partition : byPartition.entrySet()) {
        Map<String, String> values = partitionValues(partition.getKey(), partitionColumns);
        String indicator = values.get("indicator_id");
        String relative = FOLDER + "/" + indicator + ".csv";
        written.put(indicator, relative);
        List<MatchResult.Metadata> files = new ArrayList<>(partition.getValue());
        files.sort((a, b) -> a.resourceId().toString().compareTo(b.resourceId().toString()));
        try (OutputStream one = create(publicRoot + relative)) {
          one.write(header.getBytes(StandardCharsets.UTF_8));
          for (MatchResult.Metadata file : files) {
            for (GenericRecord record : WrittenRows.records(file)) {
              byte[] line = line(record, schema, values).getBytes(StandardCharsets.UTF_8);
              one.write(line);
              all.write(line);
              rows++;
              if (Boolean.TRUE.equals(record.get("suppressed"))) {
                withheld++;
              }
            }
          }
        }
      }
    }
    return new Written(written, rows, withheld);
  }

  /**
   * Writes {@link #DATA_QUALITY} from the Parquet files of {@code public/data_quality}: the
   * schema's columns in its order, partition folders in path order, as the indicators' CSV.
   *
   * @return the rows written
   */
  public static long writeDataQuality(String publicRoot) throws IOException {
    Dataset dataset = Dataset.DATA_QUALITY;
    Schema schema = dataset.schema();
    List<String> columns = new ArrayList<>();
    schema.getFields().forEach(f -> columns.add(f.name()));
    String root = publicRoot + dataset.folder().substring("public/".length());
    List<MatchResult.Metadata> files = new ArrayList<>();
    MatchResult match = FileSystems.match(root + "/**.parquet");
    if (match.status() == MatchResult.Status.OK) {
      files.addAll(match.metadata());
    }
    files.sort((a, b) -> a.resourceId().toString().compareTo(b.resourceId().toString()));
    long rows = 0;
    try (OutputStream out = create(publicRoot + DATA_QUALITY)) {
      out.write((BOM + Csv.line(columns.toArray(String[]::new))).getBytes(StandardCharsets.UTF_8));
      for (MatchResult.Metadata file : files) {
        String path = file.resourceId().toString();
        String partition = path.substring(path.indexOf(root) + root.length() + 1);
        partition = partition.substring(0, partition.lastIndexOf('/'));
        Map<String, String> values = partitionValues(partition, dataset.partitionedBy());
        for (GenericRecord record : WrittenRows.records(file)) {
          out.write(line(record, schema, values).getBytes(StandardCharsets.UTF_8));
          rows++;
        }
      }
    }
    return rows;
  }

  /**
   * What {@link #write} wrote.
   *
   * @param files the per-indicator files, relative to {@code public/}, by indicator id
   * @param rows the rows of {@link #ALL}
   * @param withheld the rows whose value is withheld
   */
  public record Written(SortedMap<String, String> files, long rows, long withheld) {}

  private static OutputStream create(String path) throws IOException {
    ResourceId id = FileSystems.matchNewResource(path, false);
    return Channels.newOutputStream(FileSystems.create(id, "text/csv"));
  }

  /** {@code trajectory=copd/indicator_id=x} as a map, checked against the partition columns. */
  static Map<String, String> partitionValues(String folder, List<String> columns) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String part : folder.split("/")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        values.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    if (!values.keySet().containsAll(columns)) {
      throw new IllegalStateException("not a partition folder of " + columns + ": " + folder);
    }
    return values;
  }

  static String line(GenericRecord record, Schema schema, Map<String, String> partition) {
    String[] fields = new String[schema.getFields().size()];
    for (Schema.Field field : schema.getFields()) {
      String name = field.name();
      Object value = record.getSchema().getField(name) == null ? null : record.get(name);
      String folder = partition.get(name);
      if (folder != null) {
        // The files carry their partition columns; the folder names must say the same.
        if (value != null && !folder.equals(value.toString())) {
          throw new IllegalStateException(
              "a row of the folder " + name + "=" + folder + " has " + name + " = " + value);
        }
        value = folder;
      }
      fields[field.pos()] = text(value, field.schema());
    }
    return Csv.line(fields);
  }

  /** One value as CSV text: empty when missing, ISO dates, plain decimals. */
  static String text(Object value, Schema schema) {
    if (value == null) {
      return "";
    }
    Schema type = schema;
    if (schema.getType() == Schema.Type.UNION) {
      type =
          schema.getTypes().stream()
              .filter(s -> s.getType() != Schema.Type.NULL)
              .findFirst()
              .orElse(schema);
    }
    if ("date".equals(type.getProp("logicalType")) && value instanceof Integer days) {
      return LocalDate.ofEpochDay(days).toString();
    }
    if (value instanceof Double d) {
      return Double.isFinite(d) ? new BigDecimal(Double.toString(d)).toPlainString() : "";
    }
    return value.toString();
  }
}
