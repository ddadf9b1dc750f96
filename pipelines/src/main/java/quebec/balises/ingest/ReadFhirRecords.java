package quebec.balises.ingest;

import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import quebec.balises.model.Counters;
import quebec.balises.model.EncodedElements;
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

  /**
   * The records leave the files encoded: the tasks of the dead letters and the file summaries copy
   * them rather than decode them, the shuffle that spreads them moves bytes, and they are decoded
   * once, after it (EncodedElements).
   */
  private static final TupleTag<byte[]> RECORDS_ENCODED = new TupleTag<>() {};

  /** Namespace of every Balises metric. */
  private final List<String> files;

  private final int maxRecordBytes;

  private ReadFhirRecords(List<String> files, int maxRecordBytes) {
    this.files = files;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** Reads what the globs match now, listed by {@link InputFiles}. */
  public static ReadFhirRecords from(List<String> patterns) {
    try {
      return ofFiles(InputFiles.list(patterns).files(), FhirFileReader.DEFAULT_MAX_RECORD_BYTES);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Reads exactly these files (paths or URIs, never globs: a {@code [} in a name is a character).
   *
   * @param maxRecordBytes the largest line or Bundle entry read; larger ones are dead letters
   *     before any shuffle, never held whole
   */
  public static ReadFhirRecords ofFiles(List<String> files, int maxRecordBytes) {
    return new ReadFhirRecords(List.copyOf(files), maxRecordBytes);
  }

  @Override
  public PCollectionTuple expand(PBegin begin) {
    PCollectionTuple read =
        begin
            // Listed once, before the run, each file once: the run reads exactly these.
            .apply("ListedFiles", Create.of(files).withCoder(StringUtf8Coder.of()))
            // One file is one element: spread the files over the workers before reading.
            .apply("SpreadFiles", Reshuffle.viaRandomKey())
            .apply(
                "SplitIntoResources",
                ParDo.of(new SplitFileFn(maxRecordBytes))
                    .withOutputTags(RECORDS_ENCODED, TupleTagList.of(REJECTED).and(FILES)));
    // One file is one element; spread its records over the workers before parsing.
    PCollection<SourceRecord> records =
        read.get(RECORDS_ENCODED)
            .setCoder(ByteArrayCoder.of())
            .apply("SpreadRecords", Reshuffle.viaRandomKey())
            .apply("DecodeRecords", EncodedElements.decodedAs(SourceRecord.class));
    return PCollectionTuple.of(RECORDS, records)
        .and(REJECTED, read.get(REJECTED).setCoder(RecordCoder.of(Rejection.class)))
        .and(FILES, read.get(FILES).setCoder(RecordCoder.of(FileSummary.class)));
  }

  static final class SplitFileFn extends DoFn<String, byte[]> {
    private static final RecordCoder<SourceRecord> RECORD_CODER =
        RecordCoder.of(SourceRecord.class);

    private final Counter recordsRead = Counters.counter(Counters.RECORDS_READ);
    private final Counter filesRead = Counters.counter(Counters.FILES_READ);
    private final int maxRecordBytes;

    SplitFileFn(int maxRecordBytes) {
      this.maxRecordBytes = maxRecordBytes;
    }

    @ProcessElement
    public void process(@Element String name, MultiOutputReceiver out) {
      // A new resource, not a match: the name is taken as it is, wildcards included.
      ResourceId resource = FileSystems.matchNewResource(name, false);
      FileSummary summary =
          FhirFileReader.read(
              name,
              () -> Channels.newInputStream(FileSystems.open(resource)),
              new FhirFileReader.Sink() {
                @Override
                public void record(SourceRecord record) {
                  recordsRead.inc();
                  LiveProgress.READ.incrementAndGet();
                  out.get(RECORDS_ENCODED).output(EncodedElements.encode(RECORD_CODER, record));
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
