package quebec.balises.run;

import java.time.LocalDate;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import quebec.balises.disclosure.ProtectPublicFigures;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.PairTimepoints;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.CaseMixModel;
import quebec.balises.indicators.ComputeIndicators;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.ingest.LinkReferences;
import quebec.balises.ingest.ParseResources;
import quebec.balises.ingest.ReadFhirRecords;
import quebec.balises.ingest.SelectCurrentVersions;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.Rejection;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.ExportMeasureReports;
import quebec.balises.publish.PublicRows;
import quebec.balises.publish.RestrictedRows;
import quebec.balises.publish.WriteDataset;
import quebec.balises.quality.ComputeDataQuality;
import quebec.balises.quality.QualityMeasure;
import quebec.balises.quality.QualityMeasures;
import quebec.balises.quality.RejectedByReason;
import quebec.balises.scoring.InstrumentRegistry;
import quebec.balises.scoring.ScoreResponses;
import quebec.balises.scoring.ScoredResponse;

/** The main job's graph: the data's walk from FHIR files to datasets, one stage per step. */
public final class BalisesPipeline {
  private BalisesPipeline() {}

  /** What the graph needs beyond the pipeline: where to read and write, and with what. */
  public record Settings(
      List<String> inputs,
      String output,
      LocalDate asOf,
      InstrumentRegistry registry,
      TimepointPlan timepoints,
      PseudonymKeySource keySource,
      int maxRawRecordBytes,
      IndicatorCatalog catalog,
      PublicationRules rules,
      int maxRecordBytes) {}

  public static void build(Pipeline pipeline, Settings settings) {
    PCollectionTuple read =
        pipeline.apply(
            "ReadFhir", ReadFhirRecords.ofFiles(settings.inputs(), settings.maxRecordBytes()));
    PCollectionTuple parsed =
        read.get(ReadFhirRecords.RECORDS)
            .apply(
                "ParseResources",
                new ParseResources(settings.registry().catalog(), settings.asOf()));
    PCollectionTuple current =
        parsed
            .get(ParseResources.PARSED)
            .apply("SelectCurrentVersions", new SelectCurrentVersions());
    PCollectionTuple linked =
        current
            .get(SelectCurrentVersions.CURRENT)
            .apply("LinkReferences", new LinkReferences(settings.timepoints()));
    PCollection<Rejection> rejected =
        PCollectionList.of(read.get(ReadFhirRecords.REJECTED))
            .and(parsed.get(ParseResources.REJECTED))
            .and(current.get(SelectCurrentVersions.REJECTED))
            .and(linked.get(LinkReferences.REJECTED))
            .apply("AllDeadLetters", Flatten.pCollections());

    String out = settings.output();
    PseudonymKeySource key = settings.keySource();
    PCollection<LinkedResponse> responses = linked.get(LinkReferences.RESPONSES);
    PCollection<LinkedEpisode> episodes = linked.get(LinkReferences.EPISODES);
    PCollection<ParsedResource> patients = linked.get(LinkReferences.PATIENTS);
    PCollection<ParsedResource> establishments = linked.get(LinkReferences.ESTABLISHMENTS);
    responses.apply(
        "WriteResponses", WriteDataset.of(Dataset.RESPONSES, out, RestrictedRows.responses(), key));
    PCollection<ScoredResponse> scored =
        responses.apply("ScoreResponses", new ScoreResponses(settings.registry()));
    scored
        .apply("ScoresAsRows", ScoreResponses.asRows())
        .apply("WriteScores", WriteDataset.of(Dataset.SCORES, out, RestrictedRows.scores(), key));
    PCollectionTuple paired =
        scored.apply("PairTimepoints", new PairTimepoints(settings.timepoints()));
    PCollection<EpisodeScale> pairs = paired.get(PairTimepoints.PAIRS);
    pairs.apply(
        "WriteEpisodes", WriteDataset.of(Dataset.EPISODES, out, RestrictedRows.episodes(), key));
    PCollectionTuple indicators =
        pairs.apply(
            "ComputeIndicators", new ComputeIndicators(settings.catalog(), settings.rules()));
    // The data-quality counts are protected with the indicators, as Measures of their trajectory:
    // a count equal to an indicator's n or numerator is then one count, withheld in the same cells
    // in both datasets (docs/decisions/0017).
    List<QualityMeasure> qualityMeasures =
        QualityMeasures.of(settings.catalog(), settings.timepoints());
    PCollection<IndicatorFigure> quality =
        PCollectionTuple.of(ComputeDataQuality.PAIRS, pairs)
            .and(ComputeDataQuality.ASSIGNMENTS, paired.get(PairTimepoints.ASSIGNMENTS))
            .and(ComputeDataQuality.EPISODES, episodes)
            .apply(
                "ComputeDataQuality",
                new ComputeDataQuality(
                    qualityMeasures,
                    QualityMeasures.definitions(settings.catalog(), qualityMeasures),
                    settings.timepoints(),
                    settings.rules()));
    PCollection<IndicatorFigure> released =
        PCollectionList.of(indicators.get(ComputeIndicators.FIGURES))
            .and(quality)
            .apply("IndicatorsAndDataQuality", Flatten.pCollections())
            .apply(
                "ProtectPublicFigures",
                new ProtectPublicFigures(
                    QualityMeasures.releasePolicy(
                        settings.catalog(),
                        settings.timepoints(),
                        qualityMeasures,
                        settings.asOf(),
                        settings.rules().smallCells().threshold())));
    PCollection<IndicatorFigure> published =
        released.apply(
            "OnlyIndicators", Filter.by(f -> !QualityMeasure.isQuality(f.indicatorId())));
    published.apply(
        "WriteIndicators", WriteDataset.of(Dataset.INDICATORS, out, PublicRows.indicators(), key));
    published.apply(
        "ExportMeasureReports", ExportMeasureReports.to(out, settings.catalog(), settings.asOf()));
    PCollectionList.of(
            released.apply(
                "OnlyDataQuality", Filter.by(f -> QualityMeasure.isQuality(f.indicatorId()))))
        .and(
            rejected.apply(
                "RejectedByReason", new RejectedByReason(settings.asOf(), settings.rules())))
        .apply("AllDataQuality", Flatten.pCollections())
        .apply(
            "WriteDataQuality",
            WriteDataset.of(Dataset.DATA_QUALITY, out, PublicRows.dataQuality(), key));
    indicators
        .get(ComputeIndicators.MODELS)
        .apply(
            "ModelTerms",
            FlatMapElements.into(TypeDescriptor.of(CaseMixModel.Term.class))
                .via(CaseMixModel::terms))
        .setCoder(SerializableCoder.of(CaseMixModel.Term.class))
        .apply(
            "WriteCaseMixModels",
            WriteDataset.of(Dataset.CASEMIX_MODELS, out, RestrictedRows.caseMixModels(), key));
    paired
        .get(PairTimepoints.ASSIGNMENTS)
        .apply(
            "WriteTimepointAssignments",
            WriteDataset.of(
                Dataset.TIMEPOINT_ASSIGNMENTS, out, RestrictedRows.timepointAssignments(), key));
    episodes.apply(
        "WriteCareEpisodes",
        WriteDataset.of(Dataset.CARE_EPISODES, out, RestrictedRows.careEpisodes(), key));
    patients.apply(
        "WritePatients", WriteDataset.of(Dataset.PATIENTS, out, RestrictedRows.patients(), key));
    establishments.apply(
        "WriteEstablishments",
        WriteDataset.of(Dataset.ESTABLISHMENTS, out, RestrictedRows.establishments(), key));
    rejected.apply(
        "WriteDeadLetters",
        WriteDataset.of(
            Dataset.REJECTED, out, RestrictedRows.rejected(settings.maxRawRecordBytes()), key));

    PCollection<Outcome> outcomes =
        PCollectionList.of(
                responses.apply(
                    "ResponseOutcomes",
                    outcomes(r -> new Outcome(r.source().file(), "QuestionnaireResponse", null))))
            .and(
                episodes.apply(
                    "EpisodeOutcomes",
                    outcomes(e -> new Outcome(e.source().file(), "EpisodeOfCare", null))))
            .and(
                PCollectionList.of(patients)
                    .and(establishments)
                    .and(linked.get(LinkReferences.ENCOUNTERS))
                    .apply("AcceptedContext", Flatten.pCollections())
                    .apply(
                        "ContextOutcomes",
                        outcomes(r -> new Outcome(r.source().file(), r.type(), null))))
            .and(
                rejected.apply(
                    "RejectionOutcomes",
                    outcomes(
                        r ->
                            new Outcome(
                                r.source().file(),
                                r.resourceType() == null ? Outcome.UNKNOWN_TYPE : r.resourceType(),
                                r.reason().name()))))
            .apply("AllOutcomes", Flatten.pCollections());
    PCollectionTuple.of(TallyOutcomes.OUTCOMES, outcomes)
        .and(TallyOutcomes.FILES, read.get(ReadFhirRecords.FILES))
        .apply("TallyOutcomes", new TallyOutcomes(out));
  }

  private static <T> MapElements<T, Outcome> outcomes(SerializableFunction<T, Outcome> fn) {
    return MapElements.into(TypeDescriptor.of(Outcome.class)).via(fn);
  }
}
