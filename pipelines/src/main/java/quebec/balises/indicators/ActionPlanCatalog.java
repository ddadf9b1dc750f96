package quebec.balises.indicators;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.Serializable;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Task;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.ClasspathFolder;

/**
 * The improvement actions agreed for indicators: every FHIR R4 {@code Task} in {@code
 * fhir-profiles/action-plans/}, checked whole at start-up against the indicator catalog and the
 * targets. Adding an action or updating its status is editing a Task, never Java; a Task the job
 * cannot publish stops the run with the file and the field named (docs/decisions/0018).
 *
 * <p>A draft or a Task entered in error is not published; every other one is, with its status, so
 * that a cancelled or paused action stays visible.
 */
public final class ActionPlanCatalog implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FOLDER = "fhir-profiles/action-plans";

  public static final String MEASURE_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/action-plan-measure";
  public static final String NEXT_REVIEW_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/action-plan-next-review";
  public static final String LINK_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/action-plan-link";

  /** The level of a unit, by the identifier system that names it (the inverse of Cell's map). */
  static final Map<String, String> LEVELS =
      Cell.UNIT_SYSTEMS.entrySet().stream()
          .collect(java.util.stream.Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));

  static final Set<String> PUBLISHED_STATUSES =
      Set.of("accepted", "in-progress", "on-hold", "completed", "cancelled");
  static final Set<String> UNPUBLISHED_STATUSES = Set.of("draft", "entered-in-error");
  private static final Set<String> ENDED = Set.of("completed", "cancelled");

  private final List<ActionPlan> plans;

  private ActionPlanCatalog(List<ActionPlan> plans) {
    this.plans = List.copyOf(plans);
  }

  public static ActionPlanCatalog bundled(IndicatorCatalog catalog, TargetCatalog targets) {
    return of(ClasspathFolder.read(FOLDER, ".json"), catalog, targets);
  }

  /** Parses and checks Tasks given as file name → JSON text. */
  public static ActionPlanCatalog of(
      SortedMap<String, String> files, IndicatorCatalog catalog, TargetCatalog targets) {
    IParser parser =
        FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    Map<String, IndicatorDefinition> byUrl = new LinkedHashMap<>();
    catalog.indicators().forEach(i -> byUrl.put(i.url(), i));
    Map<String, Target> targetsById = new LinkedHashMap<>();
    targets.targets().forEach(t -> targetsById.put(t.id(), t));
    List<ActionPlan> plans = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String name = FOLDER + "/" + file.getKey();
      Task task;
      try {
        task = parser.parseResource(Task.class, file.getValue());
      } catch (RuntimeException e) {
        throw new InvalidActionPlanException(
            name, "(resource)", "not a valid FHIR R4 Task: " + e.getMessage());
      }
      String id = task.getIdElement().getIdPart();
      if (id == null || id.isBlank()) {
        throw new InvalidActionPlanException(name, "id", "is required");
      }
      String earlier = ids.put(id, name);
      if (earlier != null) {
        throw new InvalidActionPlanException(
            name, "id", "id " + id + " is also used by " + earlier);
      }
      String status = task.hasStatus() ? task.getStatus().toCode() : null;
      if (UNPUBLISHED_STATUSES.contains(status)) {
        continue;
      }
      plans.add(new Reader(name, task, byUrl, targetsById).read(id, status));
    }
    plans.sort(Comparator.comparing(ActionPlan::id));
    return new ActionPlanCatalog(plans);
  }

  public static ActionPlanCatalog none() {
    return new ActionPlanCatalog(List.of());
  }

  public List<ActionPlan> plans() {
    return plans;
  }

  /** A Task the job cannot publish; the message names the file and the field. */
  public static final class InvalidActionPlanException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    InvalidActionPlanException(String file, String field, String problem) {
      super(file + ", " + field + ": " + problem);
    }
  }

  private static final class Reader {
    private final String file;
    private final Task task;
    private final Map<String, IndicatorDefinition> indicators;
    private final Map<String, Target> targets;

    Reader(
        String file,
        Task task,
        Map<String, IndicatorDefinition> indicators,
        Map<String, Target> targets) {
      this.file = file;
      this.task = task;
      this.indicators = indicators;
      this.targets = targets;
    }

    private InvalidActionPlanException invalid(String field, String problem) {
      return new InvalidActionPlanException(file, field, problem);
    }

    ActionPlan read(String id, @Nullable String status) {
      if (!PUBLISHED_STATUSES.contains(status)) {
        throw invalid(
            "status",
            "'"
                + status
                + "': an action plan is accepted, in-progress, on-hold, completed or cancelled"
                + " (draft and entered-in-error are not published)");
      }
      if (task.getIntent() != Task.TaskIntent.PLAN) {
        throw invalid("intent", "must be 'plan': an agreed improvement action");
      }
      IndicatorDefinition indicator = indicator();
      Identifier unit = task.getFor().getIdentifier();
      String level = unit == null ? null : LEVELS.get(unit.getSystem());
      if (level == null || !unit.hasValue()) {
        throw invalid(
            "for.identifier",
            "names the unit in one of the systems " + String.join(", ", LEVELS.keySet()));
      }
      boolean province = Cell.PROVINCE.equals(level);
      String unitCode = province ? Cell.PROVINCE_CODE : unit.getValue();
      if (province && !Cell.PROVINCE_ISO.equals(unit.getValue())) {
        throw invalid("for.identifier", "the province is CA-QC in ISO 3166-2");
      }
      String unitName = task.getFor().getDisplay();
      if (unitName == null || unitName.isBlank()) {
        throw invalid("for.display", "is required: the unit in words");
      }
      String titleFr = task.getDescription();
      if (titleFr == null || titleFr.isBlank()) {
        throw invalid("description", "is required: the action in words, in French");
      }
      String titleEn = english(task.getDescriptionElement(), "description");
      String owner = task.getOwner().getDisplay();
      if (owner == null || owner.isBlank()) {
        throw invalid("owner.display", "is required: the body that carries the action");
      }
      LocalDate agreedOn = day(task.getAuthoredOnElement(), "authoredOn", "when it was agreed");
      LocalDate started =
          day(task.getExecutionPeriod().getStartElement(), "executionPeriod.start", "its start");
      LocalDate ended =
          task.getExecutionPeriod().hasEnd()
              ? day(task.getExecutionPeriod().getEndElement(), "executionPeriod.end", "its end")
              : null;
      if (ENDED.contains(status) != (ended != null)) {
        throw invalid(
            "executionPeriod.end",
            ENDED.contains(status)
                ? "is required for a " + status + " action"
                : "is only for a completed or cancelled action");
      }
      if (ended != null && ended.isBefore(started)) {
        throw invalid("executionPeriod.end", ended + " is before the start " + started);
      }
      LocalDate nextReview = nextReview();
      if (ended == null && nextReview == null) {
        throw invalid(
            "extension(action-plan-next-review)",
            "is required while the action runs: when its progress is next reviewed");
      }
      return new ActionPlan(
          id,
          indicator.id(),
          indicator.trajectory(),
          level,
          unitCode,
          unitName,
          titleFr,
          titleEn,
          owner,
          status,
          agreedOn,
          started,
          ended,
          ended == null ? nextReview : null,
          link(),
          target(indicator));
    }

    private IndicatorDefinition indicator() {
      Extension measure = task.getExtensionByUrl(MEASURE_EXTENSION);
      String url =
          measure == null || measure.getValue() == null
              ? null
              : measure.getValue().primitiveValue();
      if (url == null) {
        throw invalid(
            "extension(action-plan-measure)", "is required: the Measure the action is for");
      }
      IndicatorDefinition indicator = indicators.get(url.split("\\|", 2)[0]);
      if (indicator == null) {
        throw invalid(
            "extension(action-plan-measure)",
            "'" + url + "' is not a Measure of the indicator catalog");
      }
      return indicator;
    }

    private @Nullable LocalDate nextReview() {
      Extension review = task.getExtensionByUrl(NEXT_REVIEW_EXTENSION);
      if (review == null) {
        return null;
      }
      if (!(review.getValue() instanceof BaseDateTimeType date)) {
        throw invalid("extension(action-plan-next-review)", "must be a valueDate");
      }
      return day(date, "extension(action-plan-next-review)", "the next review");
    }

    private @Nullable String link() {
      Extension link = task.getExtensionByUrl(LINK_EXTENSION);
      if (link == null) {
        return null;
      }
      String url = link.getValue() == null ? null : link.getValue().primitiveValue();
      try {
        URI uri = new URI(url);
        if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
          return url;
        }
      } catch (RuntimeException | java.net.URISyntaxException e) {
        // reported below
      }
      throw invalid("extension(action-plan-link)", "'" + url + "' is not an https address");
    }

    private @Nullable String target(IndicatorDefinition indicator) {
      if (!task.hasReasonReference()) {
        return null;
      }
      Identifier goal = task.getReasonReference().getIdentifier();
      Target target =
          goal != null && TargetCatalog.GOAL_SYSTEM.equals(goal.getSystem())
              ? targets.get(goal.getValue())
              : null;
      if (target == null) {
        throw invalid(
            "reasonReference",
            "names no active target (a Goal id in system " + TargetCatalog.GOAL_SYSTEM + ")");
      }
      if (!target.indicatorId().equals(indicator.id())) {
        throw invalid(
            "reasonReference",
            "target "
                + target.id()
                + " is for "
                + target.indicatorId()
                + ", not "
                + indicator.id());
      }
      return target.id();
    }

    private LocalDate day(@Nullable BaseDateTimeType date, String field, String what) {
      return FhirValues.requiredDay(date, field, what, this::invalid);
    }

    private String english(Element text, String field) {
      return FhirValues.requiredEnglish(text, field, this::invalid);
    }
  }
}
