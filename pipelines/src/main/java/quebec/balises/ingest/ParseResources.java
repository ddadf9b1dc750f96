package quebec.balises.ingest;

import java.time.LocalDate;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.model.EncodedElements;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.RecordCoder;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.SourceRecord;

/** Stage 2: parses each record with HAPI FHIR and checks it against the input profile. */
public final class ParseResources extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final TupleTag<ParsedResource> PARSED = new TupleTag<>() {};
  public static final TupleTag<Rejection> REJECTED = new TupleTag<>() {};

  /**
   * Responses to the establishment portrait, which join no patient's journey (docs/decisions/0022);
   * a version with a problem included, so that its versions are chosen together.
   */
  public static final TupleTag<ParsedResource> PORTRAITS = new TupleTag<>() {};

  /**
   * Population estimates (Groups), reference data that joins no patient's journey
   * (docs/decisions/0023); every version, deletions included, so that they are chosen together.
   */
  public static final TupleTag<ParsedResource> POPULATION = new TupleTag<>() {};

  /**
   * The parsed resources leave the parser encoded, so that the three small outputs' tasks copy them
   * rather than decode them (EncodedElements), and are decoded once for the journeys.
   */
  private static final TupleTag<byte[]> PARSED_ENCODED = new TupleTag<>() {};

  private final QuestionnaireCatalog catalog;
  private final LocalDate asOf;

  public ParseResources(QuestionnaireCatalog catalog, LocalDate asOf) {
    this.catalog = catalog;
    this.asOf = asOf;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> records) {
    PCollectionTuple parsed =
        records.apply(
            "ParseWithHapi",
            ParDo.of(new ParseFn(catalog, asOf))
                .withOutputTags(
                    PARSED_ENCODED, TupleTagList.of(REJECTED).and(PORTRAITS).and(POPULATION)));
    parsed.get(PARSED_ENCODED).setCoder(ByteArrayCoder.of());
    parsed.get(REJECTED).setCoder(RecordCoder.of(Rejection.class));
    parsed.get(PORTRAITS).setCoder(RecordCoder.of(ParsedResource.class));
    parsed.get(POPULATION).setCoder(RecordCoder.of(ParsedResource.class));
    return PCollectionTuple.of(
            PARSED,
            parsed
                .get(PARSED_ENCODED)
                .apply("DecodeParsed", EncodedElements.decodedAs(ParsedResource.class)))
        .and(REJECTED, parsed.get(REJECTED))
        .and(PORTRAITS, parsed.get(PORTRAITS))
        .and(POPULATION, parsed.get(POPULATION));
  }

  static final class ParseFn extends DoFn<SourceRecord, byte[]> {
    private static final RecordCoder<ParsedResource> PARSED_CODER =
        RecordCoder.of(ParsedResource.class);

    private final QuestionnaireCatalog catalog;
    private final LocalDate asOf;
    private transient ResourceParser parser;

    ParseFn(QuestionnaireCatalog catalog, LocalDate asOf) {
      this.catalog = catalog;
      this.asOf = asOf;
    }

    @Setup
    public void setup() {
      parser = new ResourceParser(catalog, asOf);
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      ResourceParser.Result result = parser.parseGuarded(record);
      if (result instanceof ResourceParser.Parsed parsed) {
        if (parsed.resource().kind() == ResourceKind.GROUP) {
          out.get(POPULATION).output(parsed.resource());
        } else {
          out.get(PARSED_ENCODED).output(EncodedElements.encode(PARSED_CODER, parsed.resource()));
        }
      } else if (result instanceof ResourceParser.Portrait portrait) {
        out.get(PORTRAITS).output(portrait.resource());
      } else {
        out.get(REJECTED).output(((ResourceParser.Failed) result).rejection());
      }
    }
  }
}
