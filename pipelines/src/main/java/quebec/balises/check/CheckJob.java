package quebec.balises.check;

import java.io.PrintStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.checkerframework.checker.nullness.qual.Nullable;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.ingest.EpisodeLinkage;
import quebec.balises.ingest.FhirFileReader;
import quebec.balises.ingest.InputFiles;
import quebec.balises.ingest.ResourceParser;
import quebec.balises.model.EpisodeRecord;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.Quebec;
import quebec.balises.model.RejectReason;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.run.BundledCatalogs;
import quebec.balises.run.ExitCode;
import quebec.balises.run.JobFailure;
import quebec.balises.run.OptionErrors;
import quebec.balises.run.RunInputs;

/**
 * {@code balises.jar check}: the pre-flight for data providers. Reads the files, applies the input
 * profile, the instrument mappings and episode linkage in memory, without the pipeline, and prints
 * per file the records by outcome, then per kind of problem a few examples with what to change.
 * Exits {@link ExitCode#INPUT} when something would be rejected.
 *
 * <p>It judges each record as it stands: versions are not ordered (a later version of the same
 * resource replaces the earlier one for linking), and the establishments' and patients' own checks
 * apply as in a run.
 */
public final class CheckJob {
  private final PrintStream out;

  public CheckJob(PrintStream out) {
    this.out = out;
  }

  /** One record's outcome: accepted (reason null), or its reason and message. */
  public record Outcome(
      SourceRef source,
      @Nullable String type,
      @Nullable String id,
      @Nullable RejectReason reason,
      String message) {}

  /** Everything the check found, in file order. */
  public record Report(List<String> files, List<Outcome> outcomes) {
    /** Records a run would reject for a reason the provider should fix. */
    public long problems() {
      return outcomes.stream()
          .filter(o -> o.reason() != null && !Advice.intended(o.reason()))
          .count();
    }
  }

  public ExitCode run(String[] args) {
    Instant started = Instant.now();
    PipelineOptionsFactory.register(CheckOptions.class);
    CheckOptions options;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(CheckOptions.class);
    } catch (IllegalArgumentException e) {
      throw OptionErrors.usage(e, args);
    }
    FileSystems.setDefaultPipelineOptions(options);
    LocalDate asOf = asOf(options.getAsOf());
    QuestionnaireCatalog catalog = BundledCatalogs.loadRegistry(options.getMappings()).catalog();
    List<String> files = files(options.getInput());
    Report report = check(files, catalog, TimepointPlan.bundled(), asOf);
    print(report, options.getExamples(), Duration.between(started, Instant.now()));
    return report.problems() == 0 ? ExitCode.OK : ExitCode.INPUT;
  }

  private static LocalDate asOf(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return LocalDate.now(Quebec.ZONE);
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new JobFailure(ExitCode.USAGE, "--asOf=" + value + " is not a date (YYYY-MM-DD)");
    }
  }

  /** The files the globs list (see {@link InputFiles}), as a run would read them. */
  private static List<String> files(String input) {
    InputFiles.Listed listed = RunInputs.listInputs(input);
    return List.copyOf(new TreeSet<>(listed.files()));
  }

  /** Checks the files, as a run would judge their records, without running the pipeline. */
  public static Report check(
      List<String> files, QuestionnaireCatalog catalog, TimepointPlan plan, LocalDate asOf) {
    ResourceParser parser = new ResourceParser(catalog, asOf);
    List<Outcome> outcomes = new ArrayList<>();
    // Records that passed their own checks, by type and id; linking decides the rest.
    Map<ResourceKind, Map<String, ParsedResource>> readable =
        new java.util.EnumMap<>(ResourceKind.class);
    Map<ParsedResource, Integer> positions = new LinkedHashMap<>();
    for (String file : files) {
      FhirFileReader.read(
          file,
          () ->
              Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false))),
          new FhirFileReader.Sink() {
            @Override
            public void record(SourceRecord record) {
              ResourceParser.Result result = parser.parseGuarded(record);
              if (result instanceof ResourceParser.Failed failed) {
                outcomes.add(of(failed.rejection()));
                return;
              }
              if (result instanceof ResourceParser.Portrait portrait) {
                // An establishment's portrait joins no patient: its own checks are all a check
                // can tell (the run also checks its establishment and keeps one per year).
                outcomes.add(outcomeOf(portrait.resource()));
                return;
              }
              ParsedResource resource = ((ResourceParser.Parsed) result).resource();
              if (resource.problem() != null) {
                outcomes.add(outcomeOf(resource));
                return;
              }
              readable
                  .computeIfAbsent(resource.kind(), t -> new LinkedHashMap<>())
                  .put(resource.id(), resource);
              positions.put(resource, outcomes.size());
              outcomes.add(null);
            }

            @Override
            public void rejected(Rejection rejection) {
              outcomes.add(of(rejection));
            }
          });
    }
    Map<String, ParsedResource> patients = readable.getOrDefault(ResourceKind.PATIENT, Map.of());
    Map<String, ParsedResource> sites = readable.getOrDefault(ResourceKind.ORGANIZATION, Map.of());
    Map<String, ParsedResource> encounters =
        readable.getOrDefault(ResourceKind.ENCOUNTER, Map.of());
    Map<String, EpisodeRecord> linkedEpisodes = new TreeMap<>();
    Map<String, List<EpisodeLinkage.Candidate>> byPatient = new TreeMap<>();
    Map<ParsedResource, Outcome> judged = new LinkedHashMap<>();
    for (ParsedResource resource :
        readable.getOrDefault(ResourceKind.EPISODE_OF_CARE, Map.of()).values()) {
      EpisodeRecord episode = resource.episode();
      String missing =
          !patients.containsKey(episode.patientId())
              ? "Patient/" + episode.patientId()
              : !sites.containsKey(episode.organizationId())
                  ? "Organization/" + episode.organizationId()
                  : null;
      if (missing != null) {
        judged.put(resource, dangling(resource, missing));
      } else {
        linkedEpisodes.put(episode.id(), episode);
        byPatient
            .computeIfAbsent(episode.patientId(), p -> new ArrayList<>())
            .add(
                new EpisodeLinkage.Candidate(
                    episode.id(), episode.trajectory(), episode.anchorDate()));
      }
    }
    for (ParsedResource resource :
        readable.getOrDefault(ResourceKind.QUESTIONNAIRE_RESPONSE, Map.of()).values()) {
      ResponseRecord response = resource.response();
      ParsedResource encounter =
          response.encounterId() == null ? null : encounters.get(response.encounterId());
      EpisodeLinkage.Outcome link =
          EpisodeLinkage.link(
              response.episodeId(),
              response.encounterId(),
              encounter == null ? null : encounter.encounter().episodeIds(),
              response.patientId() == null
                  ? List.of()
                  : byPatient.getOrDefault(response.patientId(), List.of()),
              response.instrument(),
              response.authoredDate(),
              plan);
      if (link instanceof EpisodeLinkage.Ambiguous ambiguous) {
        judged.put(
            resource,
            problem(
                resource,
                RejectReason.AMBIGUOUS_EPISODE,
                ambiguous.why() + ": " + ambiguous.candidates()));
      } else if (link instanceof EpisodeLinkage.NotFound notFound) {
        judged.put(
            resource,
            problem(
                resource,
                RejectReason.MISSING_REFERENCE,
                "the response names no episode of care and there is " + notFound.why()));
      } else {
        String episodeId = ((EpisodeLinkage.Linked) link).episodeId();
        EpisodeRecord episode = linkedEpisodes.get(episodeId);
        if (episode == null) {
          judged.put(resource, dangling(resource, "EpisodeOfCare/" + episodeId));
        } else if (response.patientId() != null
            && !episode.patientId().equals(response.patientId())) {
          judged.put(
              resource,
              problem(
                  resource,
                  RejectReason.PATIENT_MISMATCH,
                  "subject Patient/"
                      + response.patientId()
                      + " is not the patient of EpisodeOfCare/"
                      + episodeId));
        }
      }
    }
    positions.forEach(
        (resource, index) ->
            outcomes.set(
                index,
                judged.getOrDefault(
                    resource,
                    new Outcome(
                        resource.source(), resource.kind().label(), resource.id(), null, ""))));
    return new Report(files, outcomes);
  }

  /** A parsed record's outcome by its own checks: accepted, or its problem. */
  private static Outcome outcomeOf(ParsedResource resource) {
    return resource.problem() == null
        ? new Outcome(resource.source(), resource.kind().label(), resource.id(), null, "")
        : new Outcome(
            resource.source(),
            resource.kind().label(),
            resource.id(),
            resource.problem().reason(),
            resource.problem().message());
  }

  private static Outcome of(Rejection rejection) {
    return new Outcome(
        rejection.source(),
        rejection.resourceType(),
        rejection.resourceId(),
        rejection.reason(),
        rejection.message());
  }

  private static Outcome problem(ParsedResource resource, RejectReason reason, String message) {
    return new Outcome(resource.source(), resource.kind().label(), resource.id(), reason, message);
  }

  private static Outcome dangling(ParsedResource resource, String reference) {
    return problem(
        resource,
        RejectReason.DANGLING_REFERENCE,
        reference + " is absent from the input or was not accepted (see its own problem)");
  }

  /** The report as a data provider reads it. */
  public void print(Report report, int examples, Duration took) {
    long accepted = report.outcomes().stream().filter(o -> o.reason() == null).count();
    out.printf(
        "balises check: %d file(s), %d record(s): %d accepted, %d would be rejected"
            + " (%d to fix), in %.1f s%n",
        report.files().size(),
        report.outcomes().size(),
        accepted,
        report.outcomes().size() - accepted,
        report.problems(),
        took.toMillis() / 1000.0);
    Map<String, Map<String, Long>> byFile = new LinkedHashMap<>();
    report.files().forEach(f -> byFile.put(f, new TreeMap<>()));
    Map<RejectReason, List<Outcome>> byReason = new TreeMap<>();
    for (Outcome o : report.outcomes()) {
      String outcome = o.reason() == null ? "accepted" : o.reason().name();
      byFile.computeIfAbsent(o.source().file(), f -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
      if (o.reason() != null) {
        byReason.computeIfAbsent(o.reason(), r -> new ArrayList<>()).add(o);
      }
    }
    out.println();
    byFile.forEach(
        (file, counts) -> {
          long total = counts.values().stream().mapToLong(Long::longValue).sum();
          StringBuilder line = new StringBuilder(file + ": " + total + " record(s)");
          counts.forEach((outcome, n) -> line.append(", ").append(outcome).append(' ').append(n));
          out.println(line);
        });
    if (byReason.isEmpty()) {
      return;
    }
    out.println();
    out.println("By kind of problem (a record's message lists every rule it breaks):");
    byReason.forEach(
        (reason, list) -> {
          out.println();
          out.println(
              reason.name()
                  + ": "
                  + list.size()
                  + " record(s)"
                  + (Advice.intended(reason) ? " (applied as intended)" : ""));
          out.println("  what to change: " + Advice.of(reason));
          list.stream()
              .limit(Math.max(0, examples))
              .forEach(
                  o ->
                      out.println(
                          "  - "
                              + o.source()
                              + (o.type() == null
                                  ? ""
                                  : " " + o.type() + (o.id() == null ? "" : "/" + o.id()))
                              + ": "
                              + o.message()));
        });
  }
}
