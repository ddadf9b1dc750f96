package quebec.balises.publish;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import quebec.balises.ingest.ReadFhirRecords;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.privacy.Pseudonymizer;

/**
 * Writes one dataset as Parquet through Beam's sink ({@code FileIO} + {@code ParquetIO}), never
 * from inside a DoFn, so that retried bundles never leave partial files behind.
 */
public final class WriteDataset<T> extends PTransform<PCollection<T>, PDone> {
  private final Dataset dataset;
  private final String outputRoot;
  private final RowMapper<T> mapper;
  private final PseudonymKeySource keySource;

  private WriteDataset(
      Dataset dataset, String outputRoot, RowMapper<T> mapper, PseudonymKeySource keySource) {
    this.dataset = dataset;
    this.outputRoot = outputRoot;
    this.mapper = mapper;
    this.keySource = keySource;
  }

  public static <T> WriteDataset<T> of(
      Dataset dataset, String outputRoot, RowMapper<T> mapper, PseudonymKeySource keySource) {
    return new WriteDataset<>(dataset, outputRoot, mapper, keySource);
  }

  @Override
  public PDone expand(PCollection<T> elements) {
    Schema schema = dataset.schema();
    elements
        .apply(
            "ToRows",
            ParDo.of(new ToRowFn<>(dataset.schemaJson(), mapper, keySource, rowsMetric(dataset))))
        .setCoder(AvroCoder.of(schema))
        .apply(
            "WriteParquet",
            FileIO.<GenericRecord>write()
                .via(ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.ZSTD))
                .to(outputRoot + "/" + dataset.folder())
                .withNaming(FileIO.Write.defaultNaming("part", ".parquet")));
    return PDone.in(elements.getPipeline());
  }

  /** The Beam counter of rows written to a dataset, named {@code rows:<folder>}. */
  public static String rowsMetric(Dataset dataset) {
    return "rows:" + dataset.folder();
  }

  static final class ToRowFn<T> extends DoFn<T, GenericRecord> {
    private final String schemaJson;
    private final RowMapper<T> mapper;
    private final PseudonymKeySource keySource;
    private final Counter rows;
    private transient RowMapper.Context context;

    ToRowFn(String schemaJson, RowMapper<T> mapper, PseudonymKeySource keySource, String metric) {
      this.schemaJson = schemaJson;
      this.mapper = mapper;
      this.keySource = keySource;
      this.rows = Metrics.counter(ReadFhirRecords.METRICS, metric);
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
              if (pseudonymizer == null) {
                pseudonymizer = new Pseudonymizer(keySource.read());
              }
              return pseudonymizer;
            }
          };
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<GenericRecord> out) {
      rows.inc();
      out.output(mapper.toRow(element, context));
    }
  }
}
