package quebec.balises.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;
import quebec.balises.publish.Dataset;

class RowMismatchTest {
  @Test
  void aDatasetOfInputRecordsMustHoldExactlyTheRowsCounted() {
    assertThat(ManifestWriter.rowMismatch(Dataset.PATIENTS, 12, 12), nullValue());
    assertThat(
        ManifestWriter.rowMismatch(Dataset.PATIENTS, 12, 11),
        is("restricted/patients: counted 12, in files 11"));
    assertThat(
        ManifestWriter.rowMismatch(Dataset.REJECTED, 3, 4),
        is("restricted/rejected: counted 3, in files 4"));
  }

  @Test
  void derivedDatasetsAreReportedNotChecked() {
    // Their counts come from runner metrics, which a retried bundle may inflate.
    assertThat(ManifestWriter.rowMismatch(Dataset.SCORES, 10, 7), nullValue());
  }
}
