package quebec.balises.publish;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.model.Counters;
import quebec.balises.model.Failsafe;
import quebec.balises.model.Rejection;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.privacy.Pseudonymizer;

/**
 * Writes one dataset of {@code public/} as Parquet through Beam's sink ({@code FileIO} + {@code
 * ParquetIO}), never from inside a DoFn, so that retried bundles never leave partial files behind:
 * one sorted file per Hive partition, the same bytes for the same rows. The restricted datasets
 * share one sink instead ({@link RestrictedDatasets}).
 */
public final class WriteDataset<T> extends PTransform<PCollection<T>, PCollection<Rejection>> {
  private static final TupleTag<GenericRecord> ROWS = new TupleTag<>() {};

  /**
   * The elements whose row could not be built ({@link Failsafe}): dead letters, one per element.
   * The dead letters' own dataset is not guarded: a dead letter whose row cannot be built has no
   * place left to go, and fails the run.
   */
  public static final TupleTag<Rejection> FAILED = new TupleTag<>() {};

  private final Dataset dataset;
  private final String outputRoot;
  private final RowMapper<T> mapper;

  private WriteDataset(Dataset dataset, String outputRoot, RowMapper<T> mapper) {
    this.dataset = dataset;
    this.outputRoot = outputRoot;
    this.mapper = mapper;
  }

  /**
   * A dataset of {@code public/}: its writer never holds the pseudonymisation key, so no public row
   * can carry a pseudonym, whatever its mapper does (a mapper that asks for one fails). Its rows
   * are made from the one type the dataset names ({@link Dataset#publishedFrom}): for {@code
   * public/indicators}, {@code ProtectedFigure}s, which only disclosure control makes, so that a
   * figure that did not go through it can reach {@code public/} neither by compiling nor by naming
   * another type here.
   *
   * @throws IllegalArgumentException for a restricted dataset (see {@link #of}), or for elements of
   *     another type than the dataset's
   */
  public static <T> WriteDataset<T> published(
      Dataset dataset, String outputRoot, Class<T> elements, RowMapper<T> mapper) {
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
    return new WriteDataset<>(dataset, outputRoot, mapper);
  }

  @Override
  public PCollection<Rejection> expand(PCollection<T> elements) {
    Schema schema = dataset.schema();
    PCollectionTuple built =
        elements.apply(
            "ToRows",
            ParDo.of(
                    new ToRowFn<T, GenericRecord>(
                        dataset, mapper, null, ROWS, row -> row, rowsMetric(dataset)))
                .withOutputTags(ROWS, TupleTagList.of(FAILED)));
    PCollection<GenericRecord> rows = built.get(ROWS).setCoder(AvroCoder.of(schema));
    PCollection<Rejection> failed = built.get(FAILED);
    String folder = outputRoot + "/" + dataset.folder();
    Partitioning partitioning = new Partitioning(dataset.partitionedBy());
    rows.apply(
        "WritePartitionedParquet",
        FileIO.<String, GenericRecord>writeDynamic()
            .by(partitioning::folderOf)
            .withDestinationCoder(StringUtf8Coder.of())
            .via(SortedSink.parquet(dataset.parquetSink(), schema))
            .to(folder)
            .withTempDirectory(outputRoot + "/" + TEMP)
            // Aggregated datasets are small: one file per partition, so that a reader of one
            // partition fetches one file.
            .withNumShards(1)
            .withNaming(partition -> FileIO.Write.defaultNaming(partition + "/part", ".parquet")));
    return failed;
  }

  /**
   * Hive-style partitions: the folder {@code column=value/…} of a row. The file keeps the partition
   * columns too, so that one downloaded file says which trajectory and indicator it holds; readers
   * that take them from the path (DuckDB, Spark and pandas with Hive partitioning) find the same
   * values in both.
   */
  static final class Partitioning implements java.io.Serializable {
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
   * Where the sinks stage their files before renaming them into place: inside the run's scratch
   * folder, which the run removes, so that no temporary folder is left in a published dataset.
   */
  static final String TEMP = ".balises-run/sink-temp";

  /** The Beam counter of rows written to a dataset, named {@code rows:<folder>}. */
  public static String rowsMetric(Dataset dataset) {
    return Counters.rows(dataset.folder());
  }

  /**
   * Builds each element's row with the dataset's mapper, counts it, and hands it on as {@code R}:
   * the record itself for a public dataset, its encoding for the restricted sink. An element whose
   * row cannot be built becomes a dead letter ({@link #FAILED}), except in the dead letters' own
   * dataset, which has no place left to send one.
   */
  static final class ToRowFn<T, R> extends DoFn<T, R> {
    private final String schemaJson;
    private final RowMapper<T> mapper;
    private final @Nullable PseudonymKeySource keySource;
    private final TupleTag<R> rowsTag;
    private final SerializableFunction<GenericRecord, R> handOn;
    private final Counter rows;
    private final boolean guarded;
    private transient RowMapper.Context context;

    ToRowFn(
        Dataset dataset,
        RowMapper<T> mapper,
        @Nullable PseudonymKeySource keySource,
        TupleTag<R> rowsTag,
        SerializableFunction<GenericRecord, R> handOn,
        String metric) {
      this.schemaJson = dataset.schemaJson();
      this.mapper = mapper;
      this.keySource = keySource;
      this.rowsTag = rowsTag;
      this.handOn = handOn;
      this.rows = Counters.counter(metric);
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
        out.get(rowsTag).output(handOn.apply(mapper.toRow(element, context)));
        return;
      }
      Throwable failure =
          Failsafe.run(
              held ->
                  held.output(
                      out.get(rowsTag)::output, handOn.apply(mapper.toRow(element, context))));
      if (failure == null) {
        rows.inc();
      } else {
        out.get(FAILED).output(Failsafe.rejection(element, "WriteDataset.ToRows", failure));
      }
    }
  }
}
