package quebec.balises.publish;

import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import quebec.balises.model.Rejection;

/**
 * The datasets of {@code public/}, written through one Parquet sink ({@link DatasetSink}) that
 * never holds the pseudonymisation key, so that no public row can carry a pseudonym whatever its
 * mapper does (a mapper that asks for one fails). Each dataset is split into Hive-style partitions
 * by the columns its schema names ({@code partitionedBy}), one file per partition, its rows in a
 * fixed order and its footer canonical: the same rows give the same bytes, whatever order the
 * runner delivers them in.
 */
public final class PublicDatasets extends DatasetSink {
  private PublicDatasets(String outputRoot) {
    super(outputRoot, null);
  }

  /** The public datasets of the run whose output folder is {@code outputRoot}. */
  public static PublicDatasets under(String outputRoot) {
    return new PublicDatasets(outputRoot);
  }

  /**
   * Builds the dataset's rows from the elements, for {@link #write}; returns the elements whose row
   * could not be built, as dead letters ({@link DatasetSink#FAILED}). A public dataset's rows are
   * made from the one type it names ({@link Dataset#publishedFrom}): for {@code public/indicators},
   * {@code ProtectedFigure}s, which only disclosure control makes, so that a figure that did not go
   * through it can reach {@code public/} neither by compiling nor by naming another type here.
   *
   * @throws IllegalArgumentException for a restricted dataset, for elements of another type than
   *     the dataset's, or for a dataset given twice
   * @throws IllegalStateException once {@link #write} has been applied: its rows would be lost
   */
  public <T> PTransform<PCollection<T>, PCollection<Rejection>> rowsOf(
      Dataset dataset, Class<T> elements, RowMapper<T> mapper) {
    if (!dataset.isPublic()) {
      throw new IllegalArgumentException(
          dataset.folder() + " is restricted: it is written with RestrictedDatasets and the key");
    }
    if (!elements.equals(dataset.publishedFrom())) {
      throw new IllegalArgumentException(
          dataset.folder()
              + " is written from "
              + dataset.publishedFrom().getSimpleName()
              + ", not from "
              + elements.getSimpleName());
    }
    return rows(dataset, mapper);
  }

  /** Aggregated datasets are small: one file per partition, so that a reader of one fetches one. */
  @Override
  FileIO.Write<String, DatasetRow> files(FileIO.Write<String, DatasetRow> byFolder) {
    return byFolder.via(filesOf(true)).withNumShards(1);
  }
}
