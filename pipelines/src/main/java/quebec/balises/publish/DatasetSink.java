package quebec.balises.publish;

import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.Counters;
import quebec.balises.model.Failsafe;
import quebec.balises.model.Rejection;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.privacy.Pseudonymizer;

/**
 * Several datasets written through one Parquet sink, through Beam's {@code FileIO} and never from
 * inside a DoFn, so that retried bundles never leave partial files behind. Each dataset's rows are
 * built where its elements are ({@link #rows}: the mapper, the pseudonyms where the sink holds the
 * key, the dead letters of rows that cannot be built) and cross to the sink as {@link DatasetRow}s,
 * the row's Avro bytes under its dataset's schema; {@link #write} then hands every dataset's rows
 * to one dynamic write whose destination is the row's folder, and each file writes its rows' bytes
 * into Parquet under its own dataset's schema. A sink is a dozen operators and several groupings on
 * the runner whatever it writes, and a generic Avro record crossing a stage is coded field by field
 * each time: one sink per dataset was most of the job's graph and much of its fixed cost
 * (docs/decisions/0024, docs/performance.md). The restricted datasets ({@link RestrictedDatasets})
 * and the public ones ({@link PublicDatasets}) each have one.
 */
public abstract class DatasetSink {
  private static final TupleTag<DatasetRow> ROWS = new TupleTag<>() {};

  /**
   * The elements whose row could not be built ({@link Failsafe}): dead letters, one per element.
   * The dead letters' own dataset is not guarded: a dead letter whose row cannot be built has no
   * place left to go, and fails the run.
   */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  /**
   * Where the sinks stage their files before renaming them into place: inside the run's scratch
   * folder, which the run removes, so that no temporary folder is left in a published dataset.
   */
  static final String TEMP = ".balises-run/sink-temp";

  private final String outputRoot;
  private final @Nullable PseudonymKeySource keySource;
  private final List<PCollection<DatasetRow>> rows = new ArrayList<>();
  private final Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
  private boolean written;

  DatasetSink(String outputRoot, @Nullable PseudonymKeySource keySource) {
    this.outputRoot = outputRoot;
    this.keySource = keySource;
  }

  /** The Beam counter of rows written to a dataset, named {@code rows:<folder>}. */
  public static String rowsMetric(Dataset dataset) {
    return Counters.rows(dataset.folder());
  }

  /**
   * Builds the dataset's rows from the elements, for {@link #write}; the output is the elements
   * whose row could not be built, as dead letters.
   *
   * @throws IllegalArgumentException for a dataset given twice
   * @throws IllegalStateException once {@link #write} has been applied: its rows would be lost
   */
  final <T> PTransform<PCollection<T>, PCollection<Rejection>> rows(
      Dataset dataset, RowMapper<T> mapper) {
    if (written) {
      throw new IllegalStateException(
          dataset.folder() + " comes after its datasets' sink was written");
    }
    if (!datasets.add(dataset)) {
      throw new IllegalArgumentException(dataset.folder() + " is given twice");
    }
    return new DatasetRows<>(dataset, mapper);
  }

  /** Writes the rows of every dataset given to {@link #rows}, each into its folder. */
  public final PTransform<PBegin, PDone> write() {
    return new WriteAll();
  }

  /**
   * The files this sink makes of the rows, from a dynamic write whose destination is the row's
   * folder relative to the output folder ({@link DatasetRow#folder}).
   */
  abstract FileIO.Write<String, DatasetRow> files(FileIO.Write<String, DatasetRow> byFolder);

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
              ParDo.of(new ToRowFn<>(dataset, mapper, keySource))
                  .withOutputTags(ROWS, TupleTagList.of(FAILED)));
      rows.add(built.get(ROWS).setCoder(DatasetRow.CODER));
      return built.get(FAILED);
    }
  }

  /** Every dataset's rows to one dynamic write, whose destination is the row's folder. */
  private final class WriteAll extends PTransform<PBegin, PDone> {
    @Override
    public PDone expand(PBegin begin) {
      written = true;
      PCollectionList.of(rows)
          .apply("AllRows", Flatten.pCollections())
          .apply(
              "WriteParquet",
              files(
                  FileIO.<String, DatasetRow>writeDynamic()
                      .by(DatasetRow::folder)
                      .withDestinationCoder(StringUtf8Coder.of())
                      .to(outputRoot)
                      .withTempDirectory(outputRoot + "/" + TEMP)
                      .withNaming(
                          folder -> FileIO.Write.defaultNaming(folder + "/part", ".parquet"))));
      return PDone.in(begin.getPipeline());
    }
  }

  /**
   * Builds each element's row with the dataset's mapper, counts it, and hands it on encoded, with
   * its partition. An element whose row cannot be built becomes a dead letter ({@link #FAILED}),
   * except in the dead letters' own dataset, which has no place left to send one.
   */
  static final class ToRowFn<T> extends DoFn<T, DatasetRow> {
    private final String schemaJson;
    private final RowMapper<T> mapper;
    private final @Nullable PseudonymKeySource keySource;
    private final DatasetRow.Encoder encoder;
    private final Counter rows;
    private final boolean guarded;
    private transient RowMapper.Context context;

    ToRowFn(Dataset dataset, RowMapper<T> mapper, @Nullable PseudonymKeySource keySource) {
      this.schemaJson = dataset.schemaJson();
      this.mapper = mapper;
      this.keySource = keySource;
      this.encoder = new DatasetRow.Encoder(dataset);
      this.rows = Counters.counter(rowsMetric(dataset));
      this.guarded = dataset != Dataset.REJECTED;
    }

    @Setup
    public void setup() {
      Schema schema = new Schema.Parser().parse(schemaJson);
      context =
          new RowMapper.Context() {
            private Pseudonymizer pseudonymizer;

            @Override
            public Schema schema() {
              return schema;
            }

            @Override
            public Pseudonymizer pseudonymizer() {
              if (keySource == null) {
                throw new IllegalStateException(
                    "a public dataset's rows are aggregates and never carry a pseudonym");
              }
              if (pseudonymizer == null) {
                pseudonymizer = new Pseudonymizer(keySource.read());
              }
              return pseudonymizer;
            }
          };
    }

    @ProcessElement
    public void process(@Element T element, MultiOutputReceiver out) {
      if (!guarded) {
        rows.inc();
        out.get(ROWS).output(encoder.apply(mapper.toRow(element, context)));
        return;
      }
      Throwable failure =
          Failsafe.run(
              held ->
                  held.output(
                      out.get(ROWS)::output, encoder.apply(mapper.toRow(element, context))));
      if (failure == null) {
        rows.inc();
      } else {
        out.get(FAILED).output(Failsafe.rejection(element, "DatasetSink.ToRows", failure));
      }
    }
  }

  /**
   * Hive-style partitions: the folder {@code column=value/…} of a row. The file keeps the partition
   * columns too, so that one downloaded file says which trajectory and indicator it holds; readers
   * that take them from the path (DuckDB, Spark and pandas with Hive partitioning) find the same
   * values in both. A dataset without partition columns has the empty partition.
   */
  static final class Partitioning implements Serializable {
    private static final long serialVersionUID = 1L;
    private final List<String> columns;

    Partitioning(List<String> columns) {
      this.columns = List.copyOf(columns);
    }

    String folderOf(GenericRecord row) {
      StringBuilder folder = new StringBuilder();
      for (String column : columns) {
        Object value = row.get(column);
        String text = value == null ? "__HIVE_DEFAULT_PARTITION__" : value.toString();
        if (!text.matches("[A-Za-z0-9_.\\-]+")) {
          throw new IllegalArgumentException(
              "partition value '" + text + "' of " + column + " is not a plain folder name");
        }
        folder.append(folder.length() == 0 ? "" : "/").append(column).append('=').append(text);
      }
      return folder.toString();
    }
  }

  /**
   * One file of a dataset: each row's Avro bytes written into Parquet as they are ({@link
   * ParquetSink}), with no generic record in between.
   */
  static final class DatasetFile implements FileIO.Sink<DatasetRow> {
    private static final long serialVersionUID = 1L;
    private final Dataset dataset;
    private final boolean sorted;
    private transient FileIO.Sink<byte[]> rows;

    /**
     * The dataset's Parquet writer, or with {@code sorted} the same behind {@link SortedSink}: the
     * file's rows in a fixed order and its footer canonical, the same bytes for the same rows.
     */
    DatasetFile(Dataset dataset, boolean sorted) {
      this.dataset = dataset;
      this.sorted = sorted;
    }

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      ParquetSink parquet = dataset.parquetSink();
      rows = sorted ? SortedSink.parquet(parquet, dataset.schema()) : parquet;
      rows.open(channel);
    }

    @Override
    public void write(DatasetRow row) throws IOException {
      rows.write(row.avro());
    }

    @Override
    public void flush() throws IOException {
      rows.flush();
    }
  }

  /** The sink function of a dynamic write: each folder's file written with its dataset's schema. */
  static Contextful<Contextful.Fn<String, FileIO.Sink<DatasetRow>>> filesOf(boolean sorted) {
    return Contextful.fn(folder -> new DatasetFile(Dataset.holding(folder), sorted));
  }
}
