package quebec.balises.run;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import quebec.balises.disclosure.ProtectPublicFigures;
import quebec.balises.disclosure.ProtectedFigure;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.indicators.ActionPlan;
import quebec.balises.indicators.ActionPlanCatalog;
import quebec.balises.indicators.AllowForOverdispersion;
import quebec.balises.indicators.CaseMixModel;
import quebec.balises.indicators.ComputeIndicators;
import quebec.balises.indicators.IndicatorCatalog;
import quebec.balises.indicators.IndicatorFigure;
import quebec.balises.indicators.PublicationRules;
import quebec.balises.indicators.TargetCatalog;
import quebec.balises.ingest.ParseResources;
import quebec.balises.ingest.ReadFhirRecords;
import quebec.balises.journey.FollowPatients;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.Failsafe;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.population.SelectPopulation;
import quebec.balises.portrait.ComputePortraitFigures;
import quebec.balises.portrait.PortraitMeasures;
import quebec.balises.portrait.SelectPortraits;
import quebec.balises.privacy.PseudonymKeySource;
import quebec.balises.publish.Dataset;
import quebec.balises.publish.ExportMeasureReports;
import quebec.balises.publish.PublicDatasets;
import quebec.balises.publish.PublicRows;
import quebec.balises.publish.RestrictedDatasets;
import quebec.balises.publish.RestrictedRows;
import quebec.balises.quality.ComputeDataQuality;
import quebec.balises.quality.QualityMeasure;
import quebec.balises.quality.QualityMeasures;
import quebec.balises.quality.RejectedByReason;
import quebec.balises.scoring.InstrumentRegistry;

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
      TargetCatalog targets,
      ActionPlanCatalog actionPlans,
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
    // Stages 3 to 6, one group per patient: versions, references, scoring, timepoints and pairs
    // (docs/decisions/0019).
    PCollectionTuple followed =
        parsed
            .get(ParseResources.PARSED)
            .apply(
                "FollowPatients", new FollowPatients(settings.timepoints(), settings.registry()));
    // Establishments' portraits join no patient: their own stage, beside the journeys
    // (docs/decisions/0022).
    PCollectionTuple portraits =
        parsed
            .get(ParseResources.PORTRAITS)
            .apply(
                "SelectPortraits",
                new SelectPortraits(followed.get(FollowPatients.ESTABLISHMENTS)));
    PCollection<EstablishmentPortrait> keptPortraits = portraits.get(SelectPortraits.PORTRAITS);
    // The population served, reference data beside the portraits (docs/decisions/0023).
    PCollectionTuple population =
        parsed.get(ParseResources.POPULATION).apply("SelectPopulation", new SelectPopulation());
    PCollection<ParsedResource> keptPopulation = population.get(SelectPopulation.POPULATION);
    PCollection<Rejection> rejected =
        PCollectionList.of(read.get(ReadFhirRecords.REJECTED))
            .and(parsed.get(ParseResources.REJECTED))
            .and(followed.get(FollowPatients.REJECTED))
            .and(portraits.get(SelectPortraits.REJECTED))
            .and(population.get(SelectPopulation.REJECTED))
            .apply("AllDeadLetters", Flatten.pCollections());

    String out = settings.output();
    // Every restricted dataset's rows are built here, each from its own elements, and written
    // together by one sink (docs/decisions/0024); the dead letters, which every stage down to the
    // last can add to, by a sink of their own, so that the others are written while the
    // indicators are computed rather than after them.
    RestrictedDatasets restricted = RestrictedDatasets.under(out, settings.keySource());
    // The public datasets likewise, through a sink that never holds the key.
    PublicDatasets publicDatasets = PublicDatasets.under(out);
    RestrictedDatasets deadLetters = RestrictedDatasets.under(out, settings.keySource());
    PCollection<LinkedResponse> responses = followed.get(FollowPatients.RESPONSES);
    PCollection<LinkedEpisode> episodes = followed.get(FollowPatients.EPISODES);
    PCollection<ParsedResource> patients = followed.get(FollowPatients.PATIENTS);
    PCollection<ParsedResource> establishments = followed.get(FollowPatients.ESTABLISHMENTS);
    // Input records whose row could not be built: already counted as accepted, they are withdrawn.
    List<PCollection<Rejection>> withdrawn = new ArrayList<>();
    // Derived elements (scores, pairs, cells, figures, reports, rows) that failed: not input
    // records, so counted apart; the run fails on them all the same.
    List<PCollection<Rejection>> derived = new ArrayList<>();
    withdrawn.add(
        responses.apply(
            "ResponseRows", restricted.rowsOf(Dataset.RESPONSES, RestrictedRows.responses())));
    derived.add(followed.get(FollowPatients.DERIVED));
    derived.add(
        followed
            .get(FollowPatients.SCORES)
            .apply("ScoreRows", restricted.rowsOf(Dataset.SCORES, RestrictedRows.scores())));
    PCollection<EpisodeScale> pairs = followed.get(FollowPatients.PAIRS);
    derived.add(
        pairs.apply("EpisodeRows", restricted.rowsOf(Dataset.EPISODES, RestrictedRows.episodes())));
    PCollectionTuple indicators =
        pairs.apply(
            "ComputeIndicators", new ComputeIndicators(settings.catalog(), settings.rules()));
    derived.add(indicators.get(ComputeIndicators.FAILED));
    // The data-quality counts are protected with the indicators, as Measures of their trajectory:
    // a count equal to an indicator's n or numerator is then one count, withheld in the same cells
    // in both datasets (docs/decisions/0017).
    List<QualityMeasure> qualityMeasures =
        QualityMeasures.of(settings.catalog(), settings.timepoints());
    PCollection<IndicatorFigure> quality =
        PCollectionTuple.of(ComputeDataQuality.PAIRS, pairs)
            .and(ComputeDataQuality.ASSIGNMENTS, followed.get(FollowPatients.ASSIGNMENTS))
            .and(ComputeDataQuality.EPISODES, episodes)
            .apply(
                "ComputeDataQuality",
                new ComputeDataQuality(
                    qualityMeasures,
                    QualityMeasures.definitions(settings.catalog(), qualityMeasures),
                    settings.timepoints(),
                    settings.rules()));
    // The Measures about establishments, counted in committees from the kept portraits, go to the
    // same disclosure control as every figure (docs/decisions/0022).
    List<PortraitMeasures.PortraitMeasure> portraitMeasures = PortraitMeasures.bundled();
    PCollectionTuple portraitFigures =
        keptPortraits.apply(
            "ComputePortraitFigures",
            new ComputePortraitFigures(portraitMeasures, settings.rules(), keptPopulation));
    derived.add(portraitFigures.get(ComputePortraitFigures.FAILED));
    PCollectionTuple protectedFigures =
        PCollectionList.of(indicators.get(ComputeIndicators.FIGURES))
            .and(quality)
            .and(portraitFigures.get(ComputePortraitFigures.FIGURES))
            .apply("EveryFigure", Flatten.pCollections())
            .apply(
                "ProtectPublicFigures",
                new ProtectPublicFigures(
                    QualityMeasures.releasePolicy(
                            settings.catalog(),
                            settings.timepoints(),
                            qualityMeasures,
                            settings.asOf(),
                            settings.rules().smallCells().threshold())
                        .with(
                            portraitMeasures.stream()
                                .map(PortraitMeasures.PortraitMeasure::definition)
                                .toList(),
                            PortraitMeasures.FINAL_AFTER_DAYS)));
    derived.add(protectedFigures.get(ProtectPublicFigures.FAILED));
    // φ after disclosure control, from the published units only (docs/methods.md §1.5).
    PCollection<ProtectedFigure> released = protectedFigures.get(ProtectPublicFigures.FIGURES);
    PCollectionTuple widened =
        released
            .apply(
                "OnlyIndicators",
                Filter.by(f -> !QualityMeasure.isQuality(f.figure().indicatorId())))
            .apply("AllowForOverdispersion", AllowForOverdispersion.of(settings.catalog()));
    derived.add(widened.get(AllowForOverdispersion.FAILED));
    PCollection<ProtectedFigure> published = widened.get(AllowForOverdispersion.FIGURES);
    derived.add(
        published.apply(
            "IndicatorRows",
            publicDatasets.rowsOf(
                Dataset.INDICATORS,
                ProtectedFigure.class,
                PublicRows.indicators(settings.targets()))));
    derived.add(
        published.apply(
            "ExportMeasureReports",
            ExportMeasureReports.to(
                out,
                settings.catalog(),
                portraitMeasures.stream()
                    .map(PortraitMeasures.PortraitMeasure::definition)
                    .toList(),
                settings.asOf(),
                settings.targets())));
    derived.add(
        PCollectionList.of(
                released.apply(
                    "OnlyDataQuality",
                    Filter.by(f -> QualityMeasure.isQuality(f.figure().indicatorId()))))
            .and(
                rejected.apply(
                    "RejectedByReason", new RejectedByReason(settings.asOf(), settings.rules())))
            .apply("AllDataQuality", Flatten.pCollections())
            .apply(
                "DataQualityRows",
                publicDatasets.rowsOf(
                    Dataset.DATA_QUALITY, ProtectedFigure.class, PublicRows.dataQuality())));
    derived.add(
        pipeline
            .apply(
                "ActionPlans",
                // The type, not the elements, names the coder: a catalog may have no plans.
                Create.of(settings.actionPlans().plans())
                    .withType(TypeDescriptor.of(ActionPlan.class)))
            .apply(
                "ActionPlanRows",
                publicDatasets.rowsOf(
                    Dataset.ACTION_PLANS, ActionPlan.class, PublicRows.actionPlans())));
    pipeline.apply("WritePublicDatasets", publicDatasets.write());
    WithFailures.Result<PCollection<CaseMixModel.Term>, Rejection> terms =
        indicators
            .get(ComputeIndicators.MODELS)
            .apply(
                "ModelTerms",
                FlatMapElements.into(TypeDescriptor.of(CaseMixModel.Term.class))
                    .via(CaseMixModel::terms)
                    .exceptionsInto(TypeDescriptor.of(Rejection.class))
                    .exceptionsVia(
                        failed ->
                            Failsafe.derived(
                                null, failed.element(), "ModelTerms", failed.exception())));
    derived.add(terms.failures());
    derived.add(
        terms
            .output()
            .apply(
                "CaseMixModelRows",
                restricted.rowsOf(Dataset.CASEMIX_MODELS, RestrictedRows.caseMixModels())));
    derived.add(
        followed
            .get(FollowPatients.ASSIGNMENTS)
            .apply(
                "TimepointAssignmentRows",
                restricted.rowsOf(
                    Dataset.TIMEPOINT_ASSIGNMENTS, RestrictedRows.timepointAssignments())));
    withdrawn.add(
        episodes.apply(
            "CareEpisodeRows",
            restricted.rowsOf(Dataset.CARE_EPISODES, RestrictedRows.careEpisodes())));
    withdrawn.add(
        patients.apply(
            "PatientRows", restricted.rowsOf(Dataset.PATIENTS, RestrictedRows.patients())));
    withdrawn.add(
        establishments.apply(
            "EstablishmentRows",
            restricted.rowsOf(Dataset.ESTABLISHMENTS, RestrictedRows.establishments())));
    withdrawn.add(
        keptPortraits.apply(
            "PortraitRows", restricted.rowsOf(Dataset.PORTRAITS, RestrictedRows.portraits())));
    withdrawn.add(
        keptPopulation.apply(
            "PopulationRows", restricted.rowsOf(Dataset.POPULATION, RestrictedRows.population())));
    pipeline.apply("WriteRestrictedDatasets", restricted.write());
    PCollection<Rejection> withdrawnRecords =
        PCollectionList.of(withdrawn).apply("AllWithdrawn", Flatten.pCollections());
    PCollection<Rejection> derivedFailures =
        PCollectionList.of(derived).apply("AllDerivedFailures", Flatten.pCollections());
    PCollectionList.of(rejected)
        .and(withdrawnRecords)
        .and(derivedFailures)
        .apply("EveryDeadLetter", Flatten.pCollections())
        .apply(
            "DeadLetterRows",
            deadLetters.rowsOf(
                Dataset.REJECTED, RestrictedRows.rejected(settings.maxRawRecordBytes())));
    pipeline.apply("WriteDeadLetters", deadLetters.write());

    PCollection<Outcome> outcomes =
        PCollectionList.of(
                responses.apply(
                    "ResponseOutcomes",
                    outcomes(
                        r ->
                            new Outcome(
                                r.source().file(),
                                ResourceKind.QUESTIONNAIRE_RESPONSE.label(),
                                null))))
            .and(
                episodes.apply(
                    "EpisodeOutcomes",
                    outcomes(
                        e ->
                            new Outcome(
                                e.source().file(), ResourceKind.EPISODE_OF_CARE.label(), null))))
            .and(
                PCollectionList.of(patients)
                    .and(establishments)
                    .and(keptPopulation)
                    .and(followed.get(FollowPatients.ENCOUNTERS))
                    .apply("AcceptedContext", Flatten.pCollections())
                    .apply(
                        "ContextOutcomes",
                        outcomes(r -> new Outcome(r.source().file(), r.kind().label(), null))))
            .and(
                keptPortraits.apply(
                    "PortraitOutcomes",
                    outcomes(
                        p ->
                            new Outcome(
                                p.source().file(), EstablishmentPortrait.TALLY_LABEL, null))))
            .and(
                rejected.apply("RejectionOutcomes", outcomes(r -> failure(r, Outcome.Kind.RECORD))))
            .and(
                withdrawnRecords.apply(
                    "WithdrawnOutcomes", outcomes(r -> failure(r, Outcome.Kind.WITHDRAWN))))
            .and(
                derivedFailures.apply(
                    "DerivedFailureOutcomes", outcomes(r -> failure(r, Outcome.Kind.DERIVED))))
            .apply("AllOutcomes", Flatten.pCollections());
    PCollectionTuple.of(TallyOutcomes.OUTCOMES, outcomes)
        .and(TallyOutcomes.FILES, read.get(ReadFhirRecords.FILES))
        .apply("TallyOutcomes", new TallyOutcomes(out));
  }

  /** The outcome of a dead letter, counted as {@code kind}. */
  static Outcome failure(Rejection r, Outcome.Kind kind) {
    return new Outcome(
        r.source().file(),
        r.resourceType() == null ? Outcome.UNKNOWN_TYPE : r.resourceType(),
        r.reason().name(),
        kind);
  }

  private static <T> MapElements<T, Outcome> outcomes(SerializableFunction<T, Outcome> fn) {
    return MapElements.into(TypeDescriptor.of(Outcome.class)).via(fn);
  }
}
