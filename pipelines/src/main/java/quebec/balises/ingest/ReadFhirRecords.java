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
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
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
 * letters of records that are not even readable, and one {@link FileSummary} per file.
 */
public final class ReadFhirRecords extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<SourceRecord> RECORDS = new TupleTag<>() {};
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};
  public static final TupleTag<FileSummary> FILES = new TupleTag<>() {};

  /** Namespace of every Balises metric. */
  public static final String METRICS = "balises";

  private final List<String> patterns;
  private final int maxRecordBytes;

  private ReadFhirRecords(List<String> patterns, int maxRecordBytes) {
    this.patterns = patterns;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static ReadFhirRecords from(List<String> patterns) {
    return new ReadFhirRecords(patterns, FhirFileReader.DEFAULT_MAX_RECORD_BYTES);
  }

  /**
   * @param maxRecordBytes the largest line or Bundle entry read; larger ones are dead letters
   *     before any shuffle, never held whole
   */
  public static ReadFhirRecords from(List<String> patterns, int maxRecordBytes) {
    return new ReadFhirRecords(patterns, maxRecordBytes);
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
                "SplitIntoResources",
                ParDo.of(new SplitFileFn(maxRecordBytes))
                    .withOutputTags(RECORDS, TupleTagList.of(REJECTED).and(FILES)));
    // One file is one element; spread its records over the workers before parsing.
    PCollection<SourceRecord> records =
        read.get(RECORDS)
            .setCoder(RecordCoder.of(SourceRecord.class))
            .apply("SpreadRecords", Reshuffle.viaRandomKey());
    return PCollectionTuple.of(RECORDS, records)
        .and(REJECTED, read.get(REJECTED).setCoder(RecordCoder.of(Rejection.class)))
        .and(FILES, read.get(FILES).setCoder(RecordCoder.of(FileSummary.class)));
  }

  static final class SplitFileFn extends DoFn<FileIO.ReadableFile, SourceRecord> {
    private final Counter recordsRead = Metrics.counter(METRICS, "records_read");
    private final Counter filesRead = Metrics.counter(METRICS, "files_read");
    private final int maxRecordBytes;

    SplitFileFn(int maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) {
      MatchResult.Metadata metadata = file.getMetadata();
      String name = metadata.resourceId().toString();
      FileSummary summary =
          FhirFileReader.read(
              name,
              () -> Channels.newInputStream(FileSystems.open(metadata.resourceId())),
              new FhirFileReader.Sink() {
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
              maxRecordBytes);
      filesRead.inc();
      out.get(FILES).output(summary);
    }
  }
}
