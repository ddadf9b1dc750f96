package quebec.balises.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import quebec.balises.model.Counters;
import quebec.balises.model.FileSummary;

/**
 * Counts how every record ended, per file, resource type and reason, beside what each file held
 * when read, and writes both as JSON lines to {@value #TALLY_FILE} under the output folder. The
 * counts are data, not runner metrics, so they are exact on any runner; the job reads them back to
 * reconcile {@code read = accepted + rejected} and to write the manifest.
 */
public final class TallyOutcomes extends PTransform<PCollectionTuple, PDone> {
  public static final TupleTag<Outcome> OUTCOMES = new TupleTag<>() {};
  public static final TupleTag<FileSummary> FILES = new TupleTag<>() {};
  public static final String TALLY_FILE = ".balises-run/tally.jsonl";

  private final String outputRoot;

  public TallyOutcomes(String outputRoot) {
    this.outputRoot = outputRoot;
  }

  @Override
  public PDone expand(PCollectionTuple input) {
    PCollection<String> outcomeLines =
        input
            .get(OUTCOMES)
            .apply("CountForProgress", ParDo.of(new CountForProgressFn()))
            .setCoder(OutcomeCoder.of())
            .apply("CountPerFileTypeReason", Count.perElement())
            .apply(
                "OutcomeAsJson",
                MapElements.into(TypeDescriptors.strings()).via(TallyOutcomes::outcomeLine));
    PCollection<String> fileLines =
        input
            .get(FILES)
            .apply(
                "FileAsJson",
                MapElements.into(TypeDescriptors.strings()).via(TallyOutcomes::fileLine));
    return PCollectionList.of(outcomeLines)
        .and(fileLines)
        .apply("AllTallyLines", Flatten.pCollections())
        .apply("WriteTally", TextIO.write().to(outputRoot + "/" + TALLY_FILE).withoutSharding());
  }

  /** Counts each outcome in the live metrics that the progress line shows. */
  static final class CountForProgressFn extends DoFn<Outcome, Outcome> {
    private final Counter accepted = Counters.counter(Counters.RECORDS_ACCEPTED);
    private final Counter rejected = Counters.counter(Counters.RECORDS_REJECTED);

    @ProcessElement
    public void process(@Element Outcome outcome, OutputReceiver<Outcome> out) {
      // The progress line counts input records: a late failure corrects a count it already made
      // (withdrawn) or is not one (derived), and is left to the tally.
      if (outcome.kind() == Outcome.Kind.RECORD) {
        (outcome.accepted() ? accepted : rejected).inc();
        (outcome.accepted() ? LiveProgress.ACCEPTED : LiveProgress.REJECTED).incrementAndGet();
      }
      out.output(outcome);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static String outcomeLine(KV<Outcome, Long> counted) {
    Outcome outcome = counted.getKey();
    ObjectNode line = JSON.createObjectNode();
    line.put(
        "kind",
        switch (outcome.kind()) {
          case RECORD -> "outcome";
          case WITHDRAWN -> "withdrawn";
          case DERIVED -> "derived_failure";
        });
    line.put("file", outcome.file());
    line.put("resourceType", outcome.resourceType());
    if (outcome.accepted()) {
      line.put("outcome", "accepted");
    } else {
      line.put("outcome", "rejected");
      line.put("reason", outcome.reason());
    }
    line.put("count", counted.getValue());
    return line.toString();
  }

  static String fileLine(FileSummary file) {
    ObjectNode line = JSON.createObjectNode();
    line.put("kind", "file");
    line.put("file", file.file());
    line.put("sha256", file.sha256());
    line.put("bytes", file.bytes());
    line.put("records", file.records());
    line.put("blankLines", file.blankLines());
    return line.toString();
  }
}
