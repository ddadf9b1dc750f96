package quebec.balises.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.ClasspathFolder;
import quebec.balises.fhir.PortraitQuestionnaire;
import quebec.balises.fhir.QuestionnaireCatalog;
import quebec.balises.fhir.QuestionnaireDefinition;
import quebec.balises.model.Engagement;
import quebec.balises.model.Quebec;
import quebec.balises.model.Sha256;
import quebec.balises.model.Trajectory;
import quebec.balises.population.PopulationRules;

/**
 * Writes a synthetic FHIR export: Organizations (Quebec-like establishments), Patients, their
 * EpisodeOfCares and QuestionnaireResponses as Bulk Data NDJSON, a share of patients as a
 * transaction Bundle with {@code urn:uuid:} references, and bad records of every {@link
 * BadRecordKind}. One {@link SplittableRandom} drives everything, so a seed fixes the bytes.
 */
final class SyntheticWorld {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double MISSING_ITEM_RATE = 0.03;
  private static final double NOT_APPLICABLE_RATE = 0.04;
  private static final double DATE_ONLY_RATE = 0.05;
  private static final double SECOND_EPISODE_RATE = 0.06;

  private final GenerateOptions options;
  private final SplittableRandom random;
  private final Map<String, QuestionnaireDefinition> forms = new TreeMap<>();
  private final List<Establishment> establishments = loadEstablishments();
  private final LocalDate anchorsFrom;
  private final LocalDate anchorsTo;

  /** The last day a portrait may be authored: the last anchor, unless the options say. */
  private final LocalDate portraitsThrough;

  private final long anchorSpanDays;

  private final GenerationReport report = new GenerationReport();
  private final List<BadRecordKind> pendingKinds = new ArrayList<>();
  private int nextKind;
  private long responseSeq;
  private long badSeq;

  record Establishment(String id, JsonNode source, List<Trajectory> trajectories, int weight) {}

  SyntheticWorld(GenerateOptions options) {
    this.options = options;
    this.random = new SplittableRandom(options.getSeed());
    this.anchorsFrom = LocalDate.parse(options.getAnchorsFrom());
    this.anchorsTo = LocalDate.parse(options.getAnchorsTo());
    this.portraitsThrough =
        options.getPortraitsThrough() == null || options.getPortraitsThrough().isEmpty()
            ? anchorsTo
            : LocalDate.parse(options.getPortraitsThrough());
    this.anchorSpanDays =
        ChronoUnit.DAYS.between(anchorsFrom, LocalDate.parse(options.getAnchorsTo())) + 1;
    QuestionnaireCatalog.bundled().definitions().forEach(q -> forms.put(q.instrument(), q));
    for (BadRecordKind kind : BadRecordKind.values()) {
      if (kind != BadRecordKind.UNKNOWN_TRAJECTORY && kind != BadRecordKind.BUNDLE_DELETE_ENTRY) {
        pendingKinds.add(kind);
      }
    }
  }

  GenerationReport writeTo(Path folder) throws IOException {
    Files.createDirectories(folder);
    String suffix = options.getGzip() ? ".ndjson.gz" : ".ndjson";
    boolean bad = options.getBadRecordShare() > 0;
    if (options.getOnlyPortraits()) {
      writePortraits(folder, suffix);
      return report;
    }
    try (Writer organizations = open(folder.resolve("Organization" + suffix));
        Writer patients = open(folder.resolve("Patient" + suffix));
        Writer episodes = open(folder.resolve("EpisodeOfCare" + suffix));
        Writer responses = open(folder.resolve("QuestionnaireResponse" + suffix))) {
      for (Establishment site : establishments) {
        line(organizations, organization(site), "Organization");
      }
      BundleWriter bundle =
          new BundleWriter(
              folder.resolve("Bundle-transaction" + (options.getGzip() ? ".json.gz" : ".json")));
      List<ObjectNode> untouched = new ArrayList<>();
      for (int p = 1; p <= options.getPatients(); p++) {
        boolean inBundle = random.nextDouble() < options.getBundleShare();
        PatientStory story = patientStory(p);
        Sink sink =
            inBundle ? new BundleSink(bundle) : new NdjsonSink(patients, episodes, responses);
        String patientRef = sink.patient(story.patient);
        for (EpisodeStory episode : story.episodes) {
          String episodeRef = sink.episode(episode.resource, patientRef);
          for (ObjectNode response : episode.responses) {
            sink.response(response, patientRef, episodeRef);
            if (!inBundle) {
              if (bad && random.nextDouble() < options.getBadRecordShare()) {
                writeBadRecord(responses, nextBadKind(), response);
              } else if (untouched.size() < BadRecordKind.values().length) {
                untouched.add(response);
              }
            }
          }
        }
      }
      if (bad) {
        // Small runs still get every kind at least once, each on a response of its own.
        while (!pendingKinds.isEmpty() && !untouched.isEmpty()) {
          writeBadRecord(responses, pendingKinds.get(0), untouched.remove(untouched.size() - 1));
        }
        line(episodes, unknownTrajectoryEpisode(), null);
        report.bad(BadRecordKind.UNKNOWN_TRAJECTORY);
        ObjectNode delete = JSON.createObjectNode();
        delete
            .putObject("request")
            .put("method", "DELETE")
            .put("url", "QuestionnaireResponse/qr-retracted");
        bundle.entry(delete);
        report.bad(BadRecordKind.BUNDLE_DELETE_ENTRY);
      }
      bundle.finish();
      report.bundleEntries += bundle.entries;
    }
    writePortraits(folder, suffix);
    return report;
  }

  /**
   * The establishments' portraits, in a file of their own, written only when there are some, so
   * that every other file of a seed is unchanged (docs/decisions/0022); and beside them the
   * population of the establishments' regions for the portraits' years (docs/decisions/0023).
   */
  private void writePortraits(Path folder, String suffix) throws IOException {
    List<ObjectNode> portraits = new ArrayList<>();
    for (Establishment site : establishments) {
      for (int year = anchorsFrom.getYear(); year < portraitsThrough.getYear(); year++) {
        ObjectNode portrait = portrait(site.id, year);
        if (portrait != null) {
          portraits.add(portrait);
        }
      }
    }
    if (!portraits.isEmpty()) {
      try (Writer out = open(folder.resolve(PORTRAITS_FILE + suffix))) {
        for (ObjectNode portrait : portraits) {
          line(out, portrait, PORTRAITS_FILE);
        }
      }
      // The population served by the establishments' regions, for the portraits' years, so that
      // the partners can be set against it (docs/decisions/0023); only beside portraits.
      java.util.SortedSet<Integer> years = new java.util.TreeSet<>();
      portraits.forEach(
          p -> years.add(p.path("item").get(0).path("answer").get(0).path("valueInteger").asInt()));
      java.util.SortedSet<String> regions = new java.util.TreeSet<>();
      establishments.forEach(e -> regions.add(e.source.path("region").path("code").asText()));
      try (Writer out = open(folder.resolve(POPULATION_FILE + suffix))) {
        for (int year : years) {
          for (String region : regions) {
            for (ObjectNode group : population(region, year)) {
              line(out, group, "Group");
            }
          }
        }
      }
    }
  }

  /** The file of the population Groups, without its suffix. */
  static final String POPULATION_FILE = "Group-population";

  /**
   * Share of each age band in a region's population, in thousandths, youngest first ({@link
   * quebec.balises.indicators.AgeBand#BANDS}): made up for synthetic data, of the rough shape of an
   * ageing population. Not Institut de la statistique du Québec figures.
   */
  private static final int[] AGE_SHARES = {190, 80, 250, 120, 140, 125, 70, 25};

  /**
   * The synthetic population of a region in a year (docs/decisions/0023): one Group per sex and age
   * band, the region's total drawn from the SHA-256 of its code, growing by 1 % a year, women a
   * little more than half of the older bands. Made-up numbers in the shape of the ISQ's estimates,
   * never the ISQ's own.
   */
  static List<ObjectNode> population(String region, int year) {
    String hash = Sha256.of("population|" + region);
    long total = Math.round((80_000 + draw(hash, 0, 1_900_000)) * Math.pow(1.01, year - 2020));
    List<ObjectNode> groups = new ArrayList<>();
    List<String> bands = quebec.balises.indicators.AgeBand.BANDS;
    for (String sex : PortraitQuestionnaire.SEXES) {
      for (int b = 0; b < bands.size(); b++) {
        // Women are 50 % of the youngest band and up to 64 % of the oldest.
        int womenPerMille = 490 + b * 20;
        long inBand = total * AGE_SHARES[b] / 1000;
        long count =
            "female".equals(sex)
                ? inBand * womenPerMille / 1000
                : inBand - inBand * womenPerMille / 1000;
        String band = bands.get(b);
        ObjectNode group = JSON.createObjectNode();
        group.put("resourceType", "Group");
        group.put(
            "id",
            "population-" + region + "-" + year + "-" + sex + "-" + band.replace("+", "-plus"));
        meta(group, LocalDate.of(year + 1, 1, 15));
        group.put("type", "person");
        group.put("actual", false);
        group
            .putObject("code")
            .putArray("coding")
            .addObject()
            .put("system", PopulationRules.SYSTEM)
            .put("code", PopulationRules.ESTIMATE);
        group.put("quantity", count);
        ArrayNode characteristics = group.putArray("characteristic");
        ObjectNode where = characteristic(characteristics, PopulationRules.REGION);
        where
            .putObject("valueCodeableConcept")
            .putArray("coding")
            .addObject()
            .put("system", BalisesProfile.HEALTH_REGION_SYSTEM)
            .put("code", region);
        where.put("exclude", false);
        where.putObject("period").put("start", year + "-07-01").put("end", year + "-07-01");
        ObjectNode who = characteristic(characteristics, PopulationRules.SEX);
        who.putObject("valueCodeableConcept")
            .putArray("coding")
            .addObject()
            .put("system", PopulationRules.SEX_SYSTEM)
            .put("code", sex);
        who.put("exclude", false);
        ObjectNode age = characteristic(characteristics, PopulationRules.AGE_BAND);
        ObjectNode range = age.putObject("valueRange");
        String[] bounds = band.replace("+", "").split("-");
        range.putObject("low").put("value", Integer.parseInt(bounds[0])).put("unit", "a");
        if (bounds.length > 1) {
          range.putObject("high").put("value", Integer.parseInt(bounds[1])).put("unit", "a");
        }
        age.put("exclude", false);
        groups.add(group);
      }
    }
    return groups;
  }

  private static ObjectNode characteristic(ArrayNode characteristics, String code) {
    ObjectNode c = characteristics.addObject();
    c.putObject("code")
        .putArray("coding")
        .addObject()
        .put("system", PopulationRules.SYSTEM)
        .put("code", code);
    return c;
  }

  /** The file of the establishments' yearly portraits, without its suffix. */
  static final String PORTRAITS_FILE = "QuestionnaireResponse-portrait";

  /**
   * An establishment's portrait of {@code year} (docs/decisions/0022), authored between February
   * and June of the next year; null when that day would be after the last day a portrait may be
   * authored (the last anchor by default): the portrait is not yet written. Every count is drawn
   * from the SHA-256 of the establishment's id and the year, not from the shared random stream, so
   * that adding portraits left every other record of a seed's sample as it was.
   */
  ObjectNode portrait(String establishment, int year) {
    String hash = Sha256.of("portrait|" + establishment + "|" + year);
    LocalDate authored = LocalDate.of(year + 1, 2, 1).plusDays(draw(hash, 0, 120));
    if (authored.isAfter(portraitsThrough)) {
      return null;
    }
    String more = Sha256.of("portrait-more|" + establishment + "|" + year);
    long committees = 4 + draw(hash, 1, 37);
    long withPartners = committees * (30 + draw(hash, 2, 61)) / 100;
    long coConstruction = withPartners * (10 + draw(hash, 3, 51)) / 100;
    long projects = 2 + draw(hash, 4, 29);
    long projectsWithPartners = projects * (20 + draw(hash, 5, 61)) / 100;
    long recruited = draw(hash, 6, 21);
    long trained = draw(hash, 7, 21);
    long compensated = draw(more, 0, 21);
    long budgetCents = 500_000L + draw(more, 1, 20_000_000);
    ObjectNode response = JSON.createObjectNode();
    response.put("resourceType", "QuestionnaireResponse");
    String id = "portrait-" + establishment + "-" + year;
    response.put("id", id);
    meta(response, authored);
    response.put("questionnaire", PortraitQuestionnaire.bundled().canonical());
    response.put("status", "completed");
    response.putObject("subject").put("reference", "Organization/" + establishment);
    response.put("authored", authored.toString());
    ArrayNode items = response.putArray("item");
    long[] counts = {
      year,
      committees,
      withPartners,
      coConstruction,
      projects,
      projectsWithPartners,
      recruited,
      trained,
      compensated
    };
    List<String> linkIds = PortraitQuestionnaire.bundled().integerItems();
    for (int i = 0; i < counts.length; i++) {
      ObjectNode item = items.addObject().put("linkId", linkIds.get(i));
      item.putArray("answer").addObject().put("valueInteger", counts[i]);
    }
    long[] partners = partners(establishment, year);
    for (int i = 0; i < partners.length; i++) {
      ObjectNode item = items.addObject().put("linkId", linkIds.get(counts.length + i));
      item.putArray("answer").addObject().put("valueInteger", partners[i]);
    }
    ObjectNode budget = items.addObject().put("linkId", PortraitQuestionnaire.BUDGET);
    budget
        .putArray("answer")
        .addObject()
        .put("valueDecimal", java.math.BigDecimal.valueOf(budgetCents, 2));
    return response;
  }

  /**
   * Relative weights of the partners' sex and age band, women first, youngest band first ({@link
   * quebec.balises.indicators.AgeBand#BANDS}), then the partners not described: made up for
   * synthetic data, with partners mostly women aged 45 to 74, as partnership programmes commonly
   * report, so that the diversity figures differ from the population's.
   */
  private static final int[] PARTNER_WEIGHTS = {
    1, 2, 6, 9, 12, 10, 4, 1, 1, 2, 4, 5, 7, 7, 3, 1, 3
  };

  /**
   * Out of 100 partners, made up for synthetic data: the main lived experience (patient or user,
   * caregiver, citizen, not described), the preferred language (French, English, other, not
   * described), the area's deprivation (quintile 5, not described, any other quintile) and the
   * region of residence (the establishment's, not described, another). Fewer partners in the most
   * deprived quintile than its 20 % of the population, as partnership programmes commonly report.
   */
  private static final int[] EXPERIENCE_WEIGHTS = {62, 24, 9, 5};

  private static final int[] LANGUAGE_WEIGHTS = {77, 13, 6, 4};
  private static final int[] DEPRIVATION_WEIGHTS = {12, 9, 79};
  private static final int[] REGION_WEIGHTS = {86, 4, 10};

  /**
   * The diversity answers of a portrait (docs/decisions/0023), in the questionnaire's order: the
   * active partners, one count per sex and age band, the partners not described, then the partners'
   * lived experience, language, deprivation and region ({@link
   * PortraitQuestionnaire#BACKGROUND_ITEMS}). Each partner's cell is drawn from the SHA-256 of the
   * establishment, the year and the partner's rank, and the partner's background from another
   * SHA-256 of the same, so that the sex and age cells are those drawn before the background was
   * asked, every group adds up or stays within the total, and no other record of a seed changes.
   */
  static long[] partners(String establishment, int year) {
    long active = 3 + draw(Sha256.of("portrait-partners|" + establishment + "|" + year), 0, 40);
    int cells = PARTNER_WEIGHTS.length;
    long[] answers = new long[1 + cells + PortraitQuestionnaire.BACKGROUND_ITEMS.size()];
    answers[0] = active;
    int experience = 1 + cells;
    int language = experience + EXPERIENCE_WEIGHTS.length;
    int deprivation = language + LANGUAGE_WEIGHTS.length;
    int region = deprivation + 2;
    for (int k = 0; k < active; k++) {
      String who = establishment + "|" + year + "|" + k;
      answers[1 + pick(PARTNER_WEIGHTS, Sha256.of("portrait-partner|" + who), 0)]++;
      String background = Sha256.of("portrait-partner-background|" + who);
      answers[experience + pick(EXPERIENCE_WEIGHTS, background, 0)]++;
      answers[language + pick(LANGUAGE_WEIGHTS, background, 1)]++;
      // The last choice of deprivation and of region (another quintile, another region) has no
      // item of its own: those partners are what the two items leave out of the total.
      int area = pick(DEPRIVATION_WEIGHTS, background, 2);
      if (area < 2) {
        answers[deprivation + area]++;
      }
      int home = pick(REGION_WEIGHTS, background, 3);
      if (home < 2) {
        answers[region + home]++;
      }
    }
    return answers;
  }

  /** The index drawn among relative weights, from the {@code slot}th eight hex digits. */
  private static int pick(int[] weights, String hash, int slot) {
    int left = draw(hash, slot, java.util.Arrays.stream(weights).sum());
    int index = 0;
    while (left >= weights[index]) {
      left -= weights[index];
      index++;
    }
    return index;
  }

  private BadRecordKind nextBadKind() {
    if (!pendingKinds.isEmpty()) {
      return pendingKinds.get(0);
    }
    List<BadRecordKind> rotating = new ArrayList<>();
    for (BadRecordKind kind : BadRecordKind.values()) {
      if (kind != BadRecordKind.UNKNOWN_TRAJECTORY && kind != BadRecordKind.BUNDLE_DELETE_ENTRY) {
        rotating.add(kind);
      }
    }
    return rotating.get(nextKind++ % rotating.size());
  }

  // ---- the people and their care -------------------------------------------------------------

  private record PatientStory(ObjectNode patient, List<EpisodeStory> episodes) {}

  private record EpisodeStory(ObjectNode resource, List<ObjectNode> responses) {}

  private PatientStory patientStory(int index) {
    Establishment site = pickEstablishment();
    Trajectory trajectory = site.trajectories.get(random.nextInt(site.trajectories.size()));
    TrajectoryPlan plan = TrajectoryPlan.PLANS.get(trajectory);
    LocalDate anchor = anchorsFrom.plusDays(random.nextLong(anchorSpanDays));
    String patientId = String.format("pat-%06d", index);
    ObjectNode patient = patient(patientId, plan, anchor, site);
    List<EpisodeStory> episodes = new ArrayList<>();
    episodes.add(episode(patientId, 1, site, plan, anchor));
    if (trajectory != Trajectory.PARTNERSHIP && random.nextDouble() < SECOND_EPISODE_RATE) {
      LocalDate second = anchor.plusDays(120 + random.nextInt(300));
      if (second.isBefore(anchorsFrom.plusDays(anchorSpanDays))) {
        episodes.add(episode(patientId, 2, site, plan, second));
      }
    }
    return new PatientStory(patient, episodes);
  }

  private Establishment pickEstablishment() {
    int total = establishments.stream().mapToInt(Establishment::weight).sum();
    int pick = random.nextInt(total);
    for (Establishment site : establishments) {
      pick -= site.weight;
      if (pick < 0) {
        return site;
      }
    }
    return establishments.get(establishments.size() - 1);
  }

  private ObjectNode patient(String id, TrajectoryPlan plan, LocalDate anchor, Establishment site) {
    ObjectNode patient = JSON.createObjectNode();
    patient.put("resourceType", "Patient");
    patient.put("id", id);
    meta(patient, anchor.minusDays(200));
    ArrayNode extensions = patient.putArray("extension");
    if (random.nextDouble() > 0.05) {
      extensions
          .addObject()
          .put("url", BalisesProfile.MATERIAL_DEPRIVATION_EXTENSION)
          .put("valueInteger", 1 + random.nextInt(5));
      extensions
          .addObject()
          .put("url", BalisesProfile.SOCIAL_DEPRIVATION_EXTENSION)
          .put("valueInteger", 1 + random.nextInt(5));
    }
    patient
        .putArray("identifier")
        .addObject()
        .put("system", BalisesProfile.HEALTH_INSURANCE_NUMBER_SYSTEM)
        .put("value", healthInsuranceNumber());
    double u = random.nextDouble();
    String gender =
        u < plan.femaleShare()
            ? "female"
            : u < 0.995 || plan.trajectory() != Trajectory.AIRE_OUVERTE ? "male" : "other";
    patient.put("gender", gender);
    int age = age(plan);
    patient.put("birthDate", anchor.minusYears(age).minusDays(random.nextInt(365)).toString());
    String region = site.source.path("region").path("code").asText();
    patient
        .putArray("address")
        .addObject()
        .put("postalCode", postalCode(region))
        .put("state", "QC")
        .put("country", "CA");
    return patient;
  }

  private int age(TrajectoryPlan plan) {
    double sd = (plan.maxAge() - plan.minAge()) / 5.0;
    long age = Math.round(plan.meanAge() + random.nextGaussian() * sd);
    return (int) Math.max(plan.minAge(), Math.min(plan.maxAge(), age));
  }

  private EpisodeStory episode(
      String patientId, int number, Establishment site, TrajectoryPlan plan, LocalDate anchor) {
    String id = String.format("eoc-%s-%d", patientId.substring(4), number);
    ObjectNode episode = JSON.createObjectNode();
    episode.put("resourceType", "EpisodeOfCare");
    episode.put("id", id);
    meta(episode, anchor.minusDays(30));
    LocalDate lastAnswer =
        anchor.plusDays(plan.timepoints().get(plan.timepoints().size() - 1).offsetDays());
    // Relative to the anchor window, not today, so that a seed gives the same bytes on any day.
    episode.put("status", lastAnswer.isAfter(anchorsTo) ? "active" : "finished");
    episode
        .putArray("type")
        .addObject()
        .putArray("coding")
        .addObject()
        .put("system", BalisesProfile.TRAJECTORY_SYSTEM)
        .put("code", plan.trajectory().code());
    episode.putObject("patient").put("reference", "Patient/" + patientId);
    episode.putObject("managingOrganization").put("reference", "Organization/" + site.id);
    episode.putObject("period").put("start", anchor.toString());
    if (plan.trajectory() == Trajectory.PARTNERSHIP) {
      engagement(episode, id);
    }

    List<ObjectNode> responses = new ArrayList<>();
    double baseline = clamp(plan.baselineHealth() + random.nextGaussian() * 0.13);
    double experience = clamp(0.75 + random.nextGaussian() * 0.15);
    for (TrajectoryPlan.Timepoint timepoint : plan.timepoints()) {
      if (random.nextDouble() >= timepoint.responseRate()) {
        continue;
      }
      int offset =
          timepoint.offsetDays()
              + random.nextInt(-timepoint.jitterDays(), timepoint.jitterDays() + 1);
      if (timepoint.offsetDays() <= 0) {
        offset = Math.min(offset, 0);
      } else {
        offset = Math.max(offset, 0);
      }
      LocalDate day = anchor.plusDays(offset);
      double health = clamp(baseline + timepoint.gain() + random.nextGaussian() * 0.08);
      for (String instrument : timepoint.instruments()) {
        double level = TrajectoryPlan.isExperience(instrument) ? experience : health;
        responses.add(response(form(instrument), day, level));
      }
    }
    return new EpisodeStory(episode, responses);
  }

  /**
   * Out of 100 partnership engagements, how many are held at the ministry and at Santé Québec; the
   * rest, most of them, in establishments, where most committees and projects are.
   */
  private static final int MINISTRY_IN_100 = 15;

  private static final int SANTE_QUEBEC_IN_100 = 25;

  /**
   * The sphere, level and tier of a partner's engagement (ADR 0021), drawn from the SHA-256 of the
   * episode's id rather than from the shared random stream: adding them left every other record of
   * a seed's sample as it was. Sphere and level are uniform, so every stratum has partners.
   */
  static void engagement(ObjectNode episode, String id) {
    String hash = Sha256.of("engagement|" + id);
    String sphere = Engagement.SPHERES.get(draw(hash, 0, Engagement.SPHERES.size()));
    String level = Engagement.LEVELS.get(draw(hash, 1, Engagement.LEVELS.size()));
    int percentile = draw(hash, 2, 100);
    String body =
        percentile < MINISTRY_IN_100
            ? "ministry"
            : percentile < MINISTRY_IN_100 + SANTE_QUEBEC_IN_100 ? "sante-quebec" : "establishment";
    ArrayNode extensions = episode.putArray("extension");
    coding(
        extensions,
        BalisesProfile.ENGAGEMENT_SPHERE_EXTENSION,
        BalisesProfile.ENGAGEMENT_SPHERE_SYSTEM,
        sphere);
    coding(
        extensions,
        BalisesProfile.ENGAGEMENT_LEVEL_EXTENSION,
        BalisesProfile.ENGAGEMENT_LEVEL_SYSTEM,
        level);
    coding(
        extensions,
        BalisesProfile.ENGAGEMENT_BODY_EXTENSION,
        BalisesProfile.ENGAGEMENT_BODY_SYSTEM,
        body);
  }

  /** A whole number in [0, bound) from the {@code slot}th eight hex digits of a SHA-256. */
  private static int draw(String hash, int slot, int bound) {
    return (int) (Long.parseLong(hash.substring(8 * slot, 8 * slot + 8), 16) % bound);
  }

  private static void coding(ArrayNode extensions, String url, String system, String code) {
    ObjectNode extension = extensions.addObject();
    extension.put("url", url);
    extension.putObject("valueCoding").put("system", system).put("code", code);
  }

  private ObjectNode response(QuestionnaireDefinition form, LocalDate day, double level) {
    ObjectNode response = JSON.createObjectNode();
    response.put("resourceType", "QuestionnaireResponse");
    response.put("id", String.format("qr-%07d", ++responseSeq));
    meta(response, day.plusDays(1));
    response.putArray("extension").addObject().put("url", BalisesProfile.EPISODE_OF_CARE_EXTENSION);
    response.put("questionnaire", form.canonical());
    response.put("status", "completed");
    if (random.nextDouble() < DATE_ONLY_RATE) {
      response.put("authored", day.toString());
    } else {
      LocalTime time = LocalTime.of(8 + random.nextInt(12), random.nextInt(60), random.nextInt(60));
      response.put(
          "authored",
          ZonedDateTime.of(day, time, Quebec.ZONE).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
    ArrayNode items = response.putArray("item");
    boolean risesWithHealth = TrajectoryPlan.weightRisesWithHealth(form.instrument());
    for (QuestionnaireDefinition.Item item : form.items().values()) {
      if (random.nextDouble() < MISSING_ITEM_RATE) {
        continue;
      }
      ObjectNode answer = JSON.createObjectNode();
      if (item.numeric()) {
        int min = item.min() == null ? 0 : item.min();
        int max = item.max() == null ? 100 : item.max();
        long value = Math.round(min + (max - min) * clamp(level + random.nextGaussian() * 0.08));
        answer.put("valueInteger", value);
      } else {
        List<QuestionnaireDefinition.Option> weighted = new ArrayList<>();
        List<QuestionnaireDefinition.Option> notApplicable = new ArrayList<>();
        item.options()
            .values()
            .forEach(o -> (o.weight() == null ? notApplicable : weighted).add(o));
        weighted.sort(Comparator.comparingDouble(QuestionnaireDefinition.Option::weight));
        QuestionnaireDefinition.Option option;
        if (!notApplicable.isEmpty() && random.nextDouble() < NOT_APPLICABLE_RATE) {
          option = notApplicable.get(random.nextInt(notApplicable.size()));
        } else {
          boolean rises = risesWithHealth != item.reverseScored();
          double target = rises ? level : 1 - level;
          int n = weighted.size();
          long index = Math.round(target * (n - 1) + random.nextGaussian() * 0.6);
          option = weighted.get((int) Math.max(0, Math.min(n - 1, index)));
        }
        answer.putObject("valueCoding").put("system", option.system()).put("code", option.code());
      }
      ObjectNode entry = items.addObject();
      entry.put("linkId", item.linkId());
      entry.putArray("answer").add(answer);
    }
    return response;
  }

  private QuestionnaireDefinition form(String instrument) {
    QuestionnaireDefinition form = forms.get(instrument);
    if (form == null) {
      throw new IllegalStateException("no Questionnaire for instrument " + instrument);
    }
    return form;
  }

  // ---- where records go ----------------------------------------------------------------------

  private interface Sink {
    String patient(ObjectNode patient) throws IOException;

    String episode(ObjectNode episode, String patientRef) throws IOException;

    void response(ObjectNode response, String patientRef, String episodeRef) throws IOException;
  }

  private final class NdjsonSink implements Sink {
    private final Writer patients;
    private final Writer episodes;
    private final Writer responses;

    NdjsonSink(Writer patients, Writer episodes, Writer responses) {
      this.patients = patients;
      this.episodes = episodes;
      this.responses = responses;
    }

    @Override
    public String patient(ObjectNode patient) throws IOException {
      line(patients, patient, "Patient");
      return "Patient/" + patient.get("id").asText();
    }

    @Override
    public String episode(ObjectNode episode, String patientRef) throws IOException {
      line(episodes, episode, "EpisodeOfCare");
      return "EpisodeOfCare/" + episode.get("id").asText();
    }

    @Override
    public void response(ObjectNode response, String patientRef, String episodeRef)
        throws IOException {
      link(response, patientRef, episodeRef);
      line(responses, response, "QuestionnaireResponse");
    }
  }

  /** Transaction entries: no ids, {@code urn:uuid:} fullUrls, references between them. */
  private final class BundleSink implements Sink {
    private final BundleWriter bundle;

    BundleSink(BundleWriter bundle) {
      this.bundle = bundle;
    }

    private String add(ObjectNode resource) throws IOException {
      String type = resource.get("resourceType").asText();
      resource.remove("id");
      resource.remove("meta");
      String fullUrl = "urn:uuid:" + new UUID(random.nextLong(), random.nextLong());
      ObjectNode entry = JSON.createObjectNode();
      entry.put("fullUrl", fullUrl);
      entry.set("resource", resource);
      entry.putObject("request").put("method", "POST").put("url", type);
      bundle.entry(entry);
      report.count(type);
      return fullUrl;
    }

    @Override
    public String patient(ObjectNode patient) throws IOException {
      return add(patient);
    }

    @Override
    public String episode(ObjectNode episode, String patientRef) throws IOException {
      ((ObjectNode) episode.get("patient")).put("reference", patientRef);
      return add(episode);
    }

    @Override
    public void response(ObjectNode response, String patientRef, String episodeRef)
        throws IOException {
      link(response, patientRef, episodeRef);
      add(response);
    }
  }

  /**
   * The transaction Bundle, written entry by entry as the patients are made, so that memory stays
   * flat however many patients go into it. The file is created at the first entry: a run with no
   * bundled patient and no bad records has none. The bytes are those of the whole Bundle written
   * with Jackson's default pretty printer.
   */
  private final class BundleWriter {
    private final Path file;
    private Writer writer;
    private JsonGenerator generator;
    long entries;

    BundleWriter(Path file) {
      this.file = file;
    }

    void entry(ObjectNode entry) throws IOException {
      if (generator == null) {
        writer = open(file);
        generator = JSON.writerWithDefaultPrettyPrinter().createGenerator(writer);
        generator.writeStartObject();
        generator.writeStringField("resourceType", "Bundle");
        generator.writeStringField("type", "transaction");
        generator.writeArrayFieldStart("entry");
      }
      generator.writeTree(entry);
      entries++;
    }

    void finish() throws IOException {
      if (generator == null) {
        return;
      }
      generator.writeEndArray();
      generator.writeEndObject();
      generator.flush();
      writer.write('\n');
      writer.close();
    }
  }

  private static void link(ObjectNode response, String patientRef, String episodeRef) {
    ((ObjectNode) response.get("extension").get(0))
        .putObject("valueReference")
        .put("reference", episodeRef);
    response.putObject("subject").put("reference", patientRef);
  }

  // ---- bad records ---------------------------------------------------------------------------

  private void writeBadRecord(Writer out, BadRecordKind kind, ObjectNode good) throws IOException {
    pendingKinds.remove(kind);
    report.bad(kind);
    String badId = String.format("qr-bad-%05d", ++badSeq);
    ObjectNode copy = good.deepCopy();
    copy.put("id", badId);
    switch (kind) {
      case MALFORMED_JSON -> {
        String text = JSON.writeValueAsString(copy);
        out.write(text, 0, text.length() / 2);
        out.write('\n');
        return;
      }
      case NOT_A_RESOURCE -> {
        out.write("{\"id\":\"" + badId + "\",\"note\":\"an export tool's log line, not FHIR\"}\n");
        return;
      }
      case WRONG_RESOURCE_TYPE -> {
        ObjectNode observation = JSON.createObjectNode();
        observation.put("resourceType", "Observation");
        observation.put("id", badId);
        observation.put("status", "final");
        observation.putObject("code").put("text", "Poids / Weight");
        copy = observation;
      }
      case MISSING_ID -> copy.remove("id");
      case MISSING_SUBJECT -> copy.remove("subject");
      case UNVERSIONED_QUESTIONNAIRE ->
          copy.put("questionnaire", copy.get("questionnaire").asText().replaceAll("\\|.*$", ""));
      case UNKNOWN_QUESTIONNAIRE ->
          copy.put("questionnaire", "https://example.org/fhir/Questionnaire/local-survey|3");
      case UNKNOWN_QUESTIONNAIRE_VERSION ->
          copy.put(
              "questionnaire", copy.get("questionnaire").asText().replaceAll("\\|.*$", "|9.9.9"));
      case INVALID_DATE -> copy.put("authored", "2024-13-45");
      case FUTURE_DATE -> copy.put("authored", "2099-01-15T10:00:00-05:00");
      case IN_PROGRESS -> copy.put("status", "in-progress");
      case DANGLING_EPISODE ->
          ((ObjectNode) copy.get("extension").get(0))
              .putObject("valueReference")
              .put("reference", "EpisodeOfCare/eoc-missing-" + badSeq);
      case PATIENT_MISMATCH -> {
        String subject = copy.path("subject").path("reference").asText();
        String other =
            subject.equals("Patient/pat-000001") ? "Patient/pat-000002" : "Patient/pat-000001";
        copy.putObject("subject").put("reference", other);
      }
      case UNKNOWN_ANSWER_CODE -> {
        ObjectNode answer = firstCodedAnswer(copy);
        if (answer != null) {
          answer.put("code", "not-a-code");
        } else {
          // An all-numeric form: a coded answer where a number is expected is as wrong.
          ObjectNode item = (ObjectNode) copy.withArray("item").get(0);
          item.putArray("answer").addObject().putObject("valueCoding").put("code", "not-a-code");
        }
      }
      case UNKNOWN_ITEM -> {
        ObjectNode item = copy.withArray("item").addObject();
        item.put("linkId", "not-an-item");
        item.putArray("answer").addObject().put("valueInteger", 1);
      }
      case DUPLICATE -> copy = good;
      case ENTERED_IN_ERROR -> copy = newVersion(good, "entered-in-error");
      case SUPERSEDED_BY_AMENDMENT -> copy = newVersion(good, "amended");
      default -> throw new IllegalStateException("not a response-stream kind: " + kind);
    }
    line(out, copy, null);
  }

  private static ObjectNode firstCodedAnswer(ObjectNode response) {
    for (JsonNode item : response.path("item")) {
      for (JsonNode answer : item.path("answer")) {
        if (answer.has("valueCoding")) {
          return (ObjectNode) answer.get("valueCoding");
        }
      }
    }
    return null;
  }

  private static ObjectNode newVersion(ObjectNode good, String status) {
    ObjectNode version = good.deepCopy();
    version.put("status", status);
    ObjectNode meta = (ObjectNode) version.get("meta");
    meta.put("versionId", "2");
    String lastUpdated = meta.get("lastUpdated").asText();
    meta.put("lastUpdated", lastUpdated.replaceFirst("T\\d\\d", "T23"));
    return version;
  }

  private ObjectNode unknownTrajectoryEpisode() {
    ObjectNode episode = JSON.createObjectNode();
    episode.put("resourceType", "EpisodeOfCare");
    episode.put("id", "eoc-unknown-trajectory");
    episode.put("status", "finished");
    episode
        .putArray("type")
        .addObject()
        .putArray("coding")
        .addObject()
        .put("system", "http://snomed.info/sct")
        .put("code", "225358003")
        .put("display", "Wound care");
    episode.putObject("patient").put("reference", "Patient/pat-000001");
    episode
        .putObject("managingOrganization")
        .put("reference", "Organization/" + establishments.get(0).id);
    episode.putObject("period").put("start", anchorsFrom.toString());
    return episode;
  }

  // ---- small things --------------------------------------------------------------------------

  private ObjectNode organization(Establishment site) {
    JsonNode source = site.source;
    ObjectNode org = JSON.createObjectNode();
    org.put("resourceType", "Organization");
    org.put("id", site.id);
    meta(org, anchorsFrom.minusYears(1));
    ArrayNode extensions = org.putArray("extension");
    extensions
        .addObject()
        .put("url", BalisesProfile.RLS_EXTENSION)
        .putObject("valueCoding")
        .put("system", BalisesProfile.RLS_SYSTEM)
        .put("code", source.path("rls").path("code").asText())
        .put("display", source.path("rls").path("name").asText());
    extensions
        .addObject()
        .put("url", BalisesProfile.HEALTH_REGION_EXTENSION)
        .putObject("valueCoding")
        .put("system", BalisesProfile.HEALTH_REGION_SYSTEM)
        .put("code", source.path("region").path("code").asText())
        .put("display", source.path("region").path("name").asText());
    org.putArray("identifier")
        .addObject()
        .put("system", BalisesProfile.ESTABLISHMENT_SYSTEM)
        .put("value", source.path("code").asText());
    org.put("active", true);
    org.put("name", source.path("name").asText());
    return org;
  }

  private static void meta(ObjectNode resource, LocalDate updated) {
    resource.putObject("meta").put("versionId", "1").put("lastUpdated", updated + "T06:00:00Z");
  }

  private String healthInsuranceNumber() {
    StringBuilder nam = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      nam.append((char) ('A' + random.nextInt(26)));
    }
    for (int i = 0; i < 8; i++) {
      nam.append((char) ('0' + random.nextInt(10)));
    }
    return nam.toString();
  }

  private static final Map<String, String> POSTAL_LETTER =
      Map.ofEntries(
          Map.entry("06", "H"),
          Map.entry("13", "H"),
          Map.entry("05", "J"),
          Map.entry("07", "J"),
          Map.entry("08", "J"),
          Map.entry("14", "J"),
          Map.entry("15", "J"),
          Map.entry("16", "J"));

  private String postalCode(String region) {
    String first = POSTAL_LETTER.getOrDefault(region, "G");
    return first
        + random.nextInt(10)
        + letter()
        + " "
        + random.nextInt(10)
        + letter()
        + random.nextInt(10);
  }

  private char letter() {
    return "ABCEGHJKLMNPRSTVWXYZ".charAt(random.nextInt(20));
  }

  private static double clamp(double x) {
    return Math.max(0, Math.min(1, x));
  }

  private Writer open(Path file) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    if (file.toString().endsWith(".gz")) {
      out = new GZIPOutputStream(out, 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
  }

  private void line(Writer out, ObjectNode resource, String countedType) throws IOException {
    out.write(JSON.writeValueAsString(resource));
    out.write('\n');
    if (countedType != null) {
      report.count(countedType);
    }
  }

  private static List<Establishment> loadEstablishments() {
    try {
      JsonNode all = JSON.readTree(ClasspathFolder.readFile("generator/establishments.json"));
      List<Establishment> sites = new ArrayList<>();
      for (JsonNode site : all) {
        List<Trajectory> trajectories = new ArrayList<>();
        for (JsonNode code : site.path("trajectories")) {
          trajectories.add(
              Trajectory.fromCode(code.asText())
                  .orElseThrow(() -> new IllegalStateException("unknown trajectory " + code)));
        }
        sites.add(
            new Establishment(
                "org-" + site.path("code").asText(),
                site,
                trajectories,
                site.path("weight").asInt(1)));
      }
      return sites;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What was written: good resources per type, and bad records per kind. */
  static final class GenerationReport {
    final Map<String, Long> resources = new TreeMap<>();
    final Map<BadRecordKind, Long> badRecords = new EnumMap<>(BadRecordKind.class);
    long bundleEntries;

    void count(String type) {
      resources.merge(type, 1L, Long::sum);
    }

    void bad(BadRecordKind kind) {
      badRecords.merge(kind, 1L, Long::sum);
    }
  }
}
