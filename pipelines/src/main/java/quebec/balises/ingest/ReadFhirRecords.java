package quebec.balises.ingest;

import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.model.FileSummary;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;
import quebec.balises.model.SourceRecord;
import quebec.balises.run.LiveProgress;

/**
 * Stage 1: finds the input files (through Beam's {@link FileSystems}, so any Beam filesystem works)
 * and splits each into FHIR resources with {@link FhirFileReader}. Emits the records, the dead
 * letters of records that are not even readable, and one {@link FileSummary} per file. NDJSON files
 * are cut into chunks of whole lines, spread over the workers and split there; a JSON document is
 * split by the worker that reads it.
 */
public final class ReadFhirRecords extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<SourceRecord> RECORDS = new TupleTag<>() {};
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};
  public static final TupleTag<FileSummary> FILES = new TupleTag<>() {};

  private static final TupleTag<LineChunk> CHUNKS = new TupleTag<>() {};

  /** About how many bytes of NDJSON lines go into one chunk. */
  static final int CHUNK_BYTES = 4 << 20;

  /** Namespace of every Balises metric. */
  public static final String METRICS = "balises";

  private final List<String> patterns;

  private ReadFhirRecords(List<String> patterns) {
    this.patterns = patterns;
  }

  public static ReadFhirRecords from(List<String> patterns) {
    return new ReadFhirRecords(patterns);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple read =
        begin
            .apply("ListPatterns", Create.of(patterns))
            .apply(
                "MatchFiles",
                FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
            // Overlapping globs must not read a file twice.
            .apply(
                "OncePerFile",
                Distinct.<MatchResult.Metadata, String>withRepresentativeValueFn(
                        m -> m.resourceId().toString())
                    .withRepresentativeType(TypeDescriptors.strings()))
            .apply("OpenFiles", FileIO.readMatches().withCompression(Compression.UNCOMPRESSED))
            .apply(
                "CutIntoChunks",
                ParDo.of(new CutFileFn())
                    .withOutputTags(CHUNKS, TupleTagList.of(RECORDS).and(REJECTED).and(FILES)));
    // One file is one element; its chunks (a few MB of whole lines each) are spread over the
    // workers, which split them into records and parse them where they land. Spreading chunks
    // rather than records keeps every record off the shuffle (docs/performance.md).
    PCollection<SourceRecord> fromChunks =
        read.get(CHUNKS)
            .setCoder(RecordCoder.of(LineChunk.class))
            .apply("SpreadChunks", Reshuffle.viaRandomKey())
            .apply("SplitChunksIntoRecords", ParDo.of(new SplitChunkFn()))
            .setCoder(RecordCoder.of(SourceRecord.class));
    PCollection<SourceRecord> records =
        PCollectionList.of(fromChunks)
            .and(read.get(RECORDS).setCoder(RecordCoder.of(SourceRecord.class)))
            .apply("AllRecords", Flatten.pCollections());
    return PCollectionTuple.of(RECORDS, records)
        .and(REJECTED, read.get(REJECTED).setCoder(RecordCoder.of(Rejection.class)))
        .and(FILES, read.get(FILES).setCoder(RecordCoder.of(FileSummary.class)));
  }

  /**
   * Reads one file: an NDJSON file into chunks of whole lines, a JSON document (a Bundle, or one
   * resource) into records; and its summary.
   */
  static final class CutFileFn extends DoFn<FileIO.ReadableFile, LineChunk> {
    private final Counter filesRead = Metrics.counter(METRICS, "files_read");
    private final Counter recordsRead = Metrics.counter(METRICS, "records_read");

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) {
      MatchResult.Metadata metadata = file.getMetadata();
      String name = metadata.resourceId().toString();
      FileSummary summary =
          FhirFileReader.readInChunks(
              name,
              () -> Channels.newInputStream(FileSystems.open(metadata.resourceId())),
              new FhirFileReader.ChunkSink() {
                @Override
                public void chunk(LineChunk chunk) {
                  out.get(CHUNKS).output(chunk);
                }

                @Override
                public void record(SourceRecord record) {
                  recordsRead.inc();
                  LiveProgress.READ.incrementAndGet();
                  out.get(RECORDS).output(record);
                }

                @Override
                public void rejected(Rejection rejection) {
                  recordsRead.inc();
                  LiveProgress.READ.incrementAndGet();
                  out.get(REJECTED).output(rejection);
                }
              },
              CHUNK_BYTES);
      filesRead.inc();
      out.get(FILES).output(summary);
    }
  }

  /** Splits a chunk into its records, numbered by their line in the file. */
  static final class SplitChunkFn extends DoFn<LineChunk, SourceRecord> {
    private final Counter recordsRead = Metrics.counter(METRICS, "records_read");

    @ProcessElement
    public void process(@Element LineChunk chunk, OutputReceiver<SourceRecord> out) {
      FhirFileReader.splitChunk(
          chunk,
          new FhirFileReader.Sink() {
            @Override
            public void record(SourceRecord record) {
              recordsRead.inc();
              LiveProgress.READ.incrementAndGet();
              out.output(record);
            }

            @Override
            public void rejected(Rejection rejection) {
              throw new IllegalStateException("splitting a chunk rejects nothing");
            }
          });
    }
  }
}
