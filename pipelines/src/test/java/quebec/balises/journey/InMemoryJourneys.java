package quebec.balises.journey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import quebec.balises.episodes.TimepointPlan;
import quebec.balises.ingest.CurrentVersions;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResourceKind;
import quebec.balises.scoring.InstrumentRegistry;

/**
 * {@link FollowPatients} in plain Java, for tests: the same steps, in the same order, on lists. Its
 * results are compared with the pipeline's in {@code FollowPatientsTest}, so that the hand-worked
 * cases of {@code PatientJourneyTest} hold for the pipeline too.
 */
final class InMemoryJourneys {
  private InMemoryJourneys() {}

  /** Everything the journeys of an input come to, all journeys together. */
  record All(
      Map<String, List<ParsedResource>> journeys,
      List<ParsedResource> establishments,
      List<PatientJourney.Followed> followed,
      List<Rejection> rejected) {

    List<String> responses() {
      List<String> ids = new ArrayList<>();
      followed.forEach(
          f ->
              f.responses()
                  .forEach(r -> ids.add(r.response().id() + "->" + r.episode().episode().id())));
      return ids;
    }

    List<String> episodes() {
      List<String> ids = new ArrayList<>();
      followed.forEach(f -> f.episodes().forEach(e -> ids.add(e.episode().id())));
      return ids;
    }

    /** {@code id@line:REASON} of every dead letter. */
    List<String> reasons() {
      return rejected.stream()
          .map(r -> r.resourceId() + "@" + r.source().line() + ":" + r.reason())
          .toList();
    }
  }

  static All follow(List<ParsedResource> parsed) {
    return follow(parsed, TimepointPlan.bundled(), InstrumentRegistry.bundled());
  }

  static All follow(List<ParsedResource> parsed, TimepointPlan plan, InstrumentRegistry registry) {
    List<Rejection> rejected = new ArrayList<>();
    List<ParsedResource> organizations = new ArrayList<>();
    List<ParsedResource> toJourneys = new ArrayList<>();
    Map<String, List<VersionSplits.Fact>> facts = new LinkedHashMap<>();
    for (ParsedResource record : parsed) {
      if (!JourneyKey.joinsAJourney(record)) {
        organizations.add(record);
        continue;
      }
      toJourneys.add(record);
      if (record.kind() == ResourceKind.PATIENT) {
        continue;
      }
      facts
          .computeIfAbsent(record.reference(), r -> new ArrayList<>())
          .add(VersionSplits.Fact.of(record));
      String follows = JourneyKey.follows(record);
      if (follows != null) {
        facts.computeIfAbsent(follows, r -> new ArrayList<>()).add(VersionSplits.Fact.question());
      }
    }
    CurrentVersions.Sorted sites = CurrentVersions.of(organizations);
    rejected.addAll(sites.rejected());
    Map<String, EstablishmentRecord> establishments = new TreeMap<>();
    sites.current().forEach(r -> establishments.put(r.id(), r.establishment()));

    Map<String, CurrentVersions.Verdict> verdicts = new TreeMap<>();
    Map<String, String> journeyOf = new TreeMap<>();
    facts.forEach(
        (reference, all) -> {
          VersionSplits.Found found = VersionSplits.of(reference, all);
          found.verdicts().forEach(v -> verdicts.put(FollowPatients.sourceKey(v.source()), v));
          if (found.journey() != null) {
            journeyOf.put(found.journey().reference(), found.journey().key());
          }
        });

    Map<String, List<ParsedResource>> journeys = new TreeMap<>();
    for (ParsedResource record : toJourneys) {
      journeys
          .computeIfAbsent(JourneyKey.of(record, journeyOf::get), k -> new ArrayList<>())
          .add(record);
    }
    PatientJourney journey = new PatientJourney(plan, registry);
    List<PatientJourney.Followed> followed = new ArrayList<>();
    Map<String, String> episodePatients = new TreeMap<>();
    List<PatientJourney.Unresolved> unresolved = new ArrayList<>();
    for (List<ParsedResource> records : journeys.values()) {
      PatientJourney.Followed f =
          journey.follow(
              records, source -> verdicts.get(FollowPatients.sourceKey(source)), establishments);
      followed.add(f);
      rejected.addAll(f.rejected());
      unresolved.addAll(f.unresolved());
      for (LinkedEpisode e : f.episodes()) {
        episodePatients.put(e.episode().id(), e.episode().patientId());
      }
    }
    for (PatientJourney.Unresolved u : unresolved) {
      rejected.add(PatientJourney.unresolved(u, episodePatients.get(u.episodeId())));
    }
    return new All(journeys, sites.current(), followed, rejected);
  }
}
