package quebec.balises.publish;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The partition columns of a CSV line: from the file, checked against the folder's name. */
class IndicatorCsvTest {
  private static final Schema SCHEMA =
      SchemaBuilder.record("r")
          .fields()
          .requiredString("trajectory")
          .requiredString("indicator_id")
          .requiredLong("n")
          .endRecord();
  private static final Map<String, String> FOLDER =
      IndicatorCsv.partitionValues(
          "trajectory=copd/indicator_id=copd-cat-mean-change-3m",
          Dataset.INDICATORS.partitionedBy());

  private static GenericRecord row(String trajectory, String indicator) {
    GenericRecord row = new GenericData.Record(SCHEMA);
    row.put("trajectory", trajectory);
    row.put("indicator_id", indicator);
    row.put("n", 12L);
    return row;
  }

  @Test
  void writesThePartitionColumnsTheFileCarries() {
    assertThat(
        IndicatorCsv.line(row("copd", "copd-cat-mean-change-3m"), SCHEMA, FOLDER),
        is("copd,copd-cat-mean-change-3m,12\n"));
  }

  @Test
  void refusesAFileWhoseColumnsContradictItsFolder() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> IndicatorCsv.line(row("copd", "copd-ccq-improvement-3m"), SCHEMA, FOLDER));
    assertThat(
        e.getMessage(),
        is(
            "a row of the folder indicator_id=copd-cat-mean-change-3m has indicator_id ="
                + " copd-ccq-improvement-3m"));
  }

  @Test
  void takesTheFolderForAFileWithoutPartitionColumns() {
    Schema older = SchemaBuilder.record("r").fields().requiredLong("n").endRecord();
    GenericRecord row = new GenericData.Record(older);
    row.put("n", 7L);
    assertThat(
        IndicatorCsv.line(row, SCHEMA, FOLDER), startsWith("copd,copd-cat-mean-change-3m,7"));
  }
}
