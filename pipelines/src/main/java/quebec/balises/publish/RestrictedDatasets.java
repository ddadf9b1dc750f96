package quebec.balises.publish;

import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import quebec.balises.model.Rejection;
import quebec.balises.privacy.PseudonymKeySource;

/**
 * The datasets of {@code restricted/}, written through one Parquet sink ({@link DatasetSink}) that
 * holds the pseudonymisation key. One folder per dataset, files named {@code
 * part-NNNNN-of-NNNNN.parquet}; a dataset with no rows has no file.
 */
public final class RestrictedDatasets extends DatasetSink {
  private RestrictedDatasets(String outputRoot, PseudonymKeySource keySource) {
    super(outputRoot, keySource);
  }

  /** The restricted datasets of the run whose output folder is {@code outputRoot}. */
  public static RestrictedDatasets under(String outputRoot, PseudonymKeySource keySource) {
    return new RestrictedDatasets(outputRoot, keySource);
  }

  /**
   * Builds the dataset's rows from the elements, for {@link #write}; returns the elements whose row
   * could not be built, as dead letters ({@link DatasetSink#FAILED}).
   *
   * @throws IllegalArgumentException for a dataset of {@code public/}, which is written with {@link
   *     PublicDatasets} and never with the key, or for a dataset given twice
   * @throws IllegalStateException once {@link #write} has been applied: its rows would be lost
   */
  public <T> PTransform<PCollection<T>, PCollection<Rejection>> rowsOf(
      Dataset dataset, RowMapper<T> mapper) {
    if (dataset.isPublic()) {
      throw new IllegalArgumentException(
          dataset.folder() + " is public: it is written with PublicDatasets, without the key");
    }
    return rows(dataset, mapper);
  }

  @Override
  FileIO.Write<String, DatasetRow> files(FileIO.Write<String, DatasetRow> byFolder) {
    return byFolder.via(filesOf(false));
  }
}
