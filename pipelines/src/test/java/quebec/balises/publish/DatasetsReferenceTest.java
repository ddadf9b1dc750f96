package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code docs/datasets.md} is exactly what the schemas say; it is never edited by hand. */
class DatasetsReferenceTest {
  private static final Path FILE = Path.of("..", DatasetsReference.PATH);

  @Test
  void theCommittedReferenceIsGeneratedFromTheSchemas() throws Exception {
    String generated = DatasetsReference.markdown();
    if (Boolean.getBoolean("balises.writeDocs")) {
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    assertThat(
        DatasetsReference.PATH
            + " is out of date: run mvn -pl pipelines test -Dtest=DatasetsReferenceTest"
            + " -Dbalises.writeDocs=true",
        Files.readString(FILE, StandardCharsets.UTF_8),
        is(generated));
  }

  @Test
  void everyDatasetAndColumnIsThere() {
    String md = DatasetsReference.markdown();
    for (Dataset dataset : Dataset.values()) {
      assertThat(md, containsString("\n## " + dataset.folder() + "\n"));
      for (var field : dataset.schema().getFields()) {
        assertThat(md, containsString("| `" + field.name() + "` |"));
      }
    }
  }
}
