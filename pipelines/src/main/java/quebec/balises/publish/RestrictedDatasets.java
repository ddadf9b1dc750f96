package quebec.balises.publish;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import quebec.balises.model.Rejection;
import quebec.balises.privacy.PseudonymKeySource;

/**
 * The datasets of {@code restricted/}, written through one Parquet sink. Each dataset's rows are
 * built where its elements are ({@link #rowsOf}: the mapper, the pseudonyms, the dead letters of
 * rows that cannot be built); then {@link #write} hands the rows of every dataset to one dynamic
 * {@code FileIO} write whose destination is the dataset's folder, with its own schema's Parquet
 * writer. A sink is a dozen operators and four groupings on the runner whatever it writes: eleven
 * of them were half of the job's graph and a large part of its fixed cost (docs/performance.md).
 * One folder per dataset, files named {@code part-NNNNN-of-NNNNN.parquet} as before; a dataset with
 * no rows has no file, as before.
 */
public final class RestrictedDatasets {
  private static final TupleTag<DatasetRow> ROWS = new TupleTag<>() {};

  private final String outputRoot;
  private final PseudonymKeySource keySource;
  private final List<PCollection<DatasetRow>> rows = new ArrayList<>();
  private final Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
  private boolean written;

  private RestrictedDatasets(String outputRoot, PseudonymKeySource keySource) {
    this.outputRoot = outputRoot;
    this.keySource = keySource;
  }

  /** The restricted datasets of the run whose output folder is {@code outputRoot}. */
  public static RestrictedDatasets under(String outputRoot, PseudonymKeySource keySource) {
    return new RestrictedDatasets(outputRoot, keySource);
  }

  /**
   * Builds the dataset's rows from the elements, for {@link #write}; returns the elements whose row
   * could not be built, as dead letters ({@link WriteDataset#FAILED}).
   *
   * @throws IllegalArgumentException for a dataset of {@code public/}, which is written with {@link
   *     WriteDataset#published} and never with the key, or for a dataset given twice
   * @throws IllegalStateException once {@link #write} has been applied: its rows would be lost
   */
  public <T> PTransform<PCollection<T>, PCollection<Rejection>> rowsOf(
      Dataset dataset, RowMapper<T> mapper) {
    if (dataset.isPublic()) {
      throw new IllegalArgumentException(
          dataset.folder()
              + " is public: it is written with WriteDataset.published, without the key");
    }
    if (written) {
      throw new IllegalStateException(
          dataset.folder() + " comes after the restricted datasets were written");
    }
    if (!datasets.add(dataset)) {
      throw new IllegalArgumentException(dataset.folder() + " is given twice");
    }
    return new DatasetRows<>(dataset, mapper);
  }

  /** Writes the rows of every dataset given to {@link #rowsOf}, each into its folder. */
  public PTransform<PBegin, PDone> write() {
    return new WriteAll();
  }

  /** One dataset's rows, encoded for the shared sink; its dead letters are the output. */
  private final class DatasetRows<T> extends PTransform<PCollection<T>, PCollection<Rejection>> {
    private final Dataset dataset;
    private final RowMapper<T> mapper;

    DatasetRows(Dataset dataset, RowMapper<T> mapper) {
      this.dataset = dataset;
      this.mapper = mapper;
    }

    @Override
    public PCollection<Rejection> expand(PCollection<T> elements) {
      PCollectionTuple built =
          elements.apply(
              "ToRows",
              ParDo.of(
                      new WriteDataset.ToRowFn<T, DatasetRow>(
                          dataset,
                          mapper,
                          keySource,
                          ROWS,
                          new DatasetRow.Encoder(dataset),
                          WriteDataset.rowsMetric(dataset)))
                  .withOutputTags(ROWS, TupleTagList.of(WriteDataset.FAILED)));
      rows.add(built.get(ROWS).setCoder(DatasetRow.CODER));
      return built.get(WriteDataset.FAILED);
    }
  }

  /** Every dataset's rows to one dynamic write, whose destination is the dataset's folder. */
  private final class WriteAll extends PTransform<PBegin, PDone> {
    @Override
    public PDone expand(PBegin begin) {
      written = true;
      PCollectionList.of(rows)
          .apply("AllRows", Flatten.pCollections())
          .apply(
              "WriteParquet",
              FileIO.<String, DatasetRow>writeDynamic()
                  .by(DatasetRow::folder)
                  .withDestinationCoder(StringUtf8Coder.of())
                  .via(Contextful.fn(folder -> new DatasetParquet(Dataset.inFolder(folder))))
                  .to(outputRoot)
                  .withTempDirectory(outputRoot + "/" + WriteDataset.TEMP)
                  .withNaming(folder -> FileIO.Write.defaultNaming(folder + "/part", ".parquet")));
      return PDone.in(begin.getPipeline());
    }
  }

  /** One dataset's Parquet file: each row decoded with the dataset's schema, then written. */
  static final class DatasetParquet implements FileIO.Sink<DatasetRow> {
    private static final long serialVersionUID = 1L;
    private final Dataset dataset;
    private transient ParquetIO.Sink parquet;
    private transient AvroCoder<GenericRecord> coder;

    DatasetParquet(Dataset dataset) {
      this.dataset = dataset;
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      coder = AvroCoder.of(dataset.schema());
      parquet = dataset.parquetSink();
      parquet.open(channel);
    }

    @Override
    public void write(DatasetRow row) throws IOException {
      parquet.write(CoderUtils.decodeFromByteArray(coder, row.avro()));
    }

    @Override
    public void flush() throws IOException {
      parquet.flush();
    }
  }
}
