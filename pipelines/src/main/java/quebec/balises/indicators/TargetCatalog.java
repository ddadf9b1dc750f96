package quebec.balises.indicators;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Goal.GoalTargetComponent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import quebec.balises.fhir.BalisesProfile;
import quebec.balises.fhir.ClasspathFolder;

/**
 * The co-constructed targets: every FHIR R4 {@code Goal} in {@code fhir-profiles/targets/}, checked
 * whole at start-up against the indicator catalog. Adding or revising a target is adding a Goal,
 * never Java; a Goal the job cannot apply stops the run with the file and the field named
 * (docs/decisions/0018).
 *
 * <p>Only {@code active} Goals apply: a committee can keep a proposed or retired target beside the
 * others. A target is for one level (province, region, RLS or establishment), either for one unit
 * of it or for every unit; a unit's own target takes precedence over its level's. A revised target
 * is a new Goal with a later {@code startDate}: each figure takes the latest target followed by the
 * end of its period.
 */
public final class TargetCatalog implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String FOLDER = "fhir-profiles/targets";

  public static final String MEASURE_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/goal-measure";
  public static final String LEVEL_EXTENSION =
      BalisesProfile.BASE + "/StructureDefinition/goal-level";

  /** The identifier system that names a co-constructed target by the id of its Goal. */
  public static final String GOAL_SYSTEM = BalisesProfile.BASE + "/Goal";

  private final List<Target> targets;

  private TargetCatalog(List<Target> targets) {
    this.targets = List.copyOf(targets);
  }

  public static TargetCatalog bundled(IndicatorCatalog catalog) {
    return of(ClasspathFolder.read(FOLDER, ".json"), catalog);
  }

  /** No targets at all. */
  public static TargetCatalog none() {
    return new TargetCatalog(List.of());
  }

  /** Parses and checks Goals given as file name → JSON text against the indicators they are for. */
  public static TargetCatalog of(SortedMap<String, String> files, IndicatorCatalog catalog) {
    IParser parser =
        FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    Map<String, IndicatorDefinition> byUrl = new LinkedHashMap<>();
    for (IndicatorDefinition indicator : catalog.indicators()) {
      byUrl.put(indicator.url(), indicator);
    }
    List<Target> targets = new ArrayList<>();
    Map<String, String> ids = new LinkedHashMap<>();
    Map<String, String> keys = new LinkedHashMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      String name = FOLDER + "/" + file.getKey();
      Goal goal;
      try {
        goal = parser.parseResource(Goal.class, file.getValue());
      } catch (RuntimeException e) {
        throw new InvalidTargetException(
            name, "(resource)", "not a valid FHIR R4 Goal: " + e.getMessage());
      }
      String id = goal.getIdElement().getIdPart();
      if (id == null || id.isBlank()) {
        throw new InvalidTargetException(
            name, "id", "is required: every published figure names its target by id");
      }
      String earlier = ids.put(id, name);
      if (earlier != null) {
        throw new InvalidTargetException(name, "id", "id " + id + " is also used by " + earlier);
      }
      if (goal.getLifecycleStatus() != Goal.GoalLifecycleStatus.ACTIVE) {
        continue;
      }
      Target target = new Reader(name, goal, byUrl).read();
      String key =
          target.indicatorId()
              + " "
              + target.level()
              + " "
              + target.unitCode()
              + " "
              + target.trackedFrom();
      String same = keys.put(key, name);
      if (same != null) {
        throw new InvalidTargetException(
            name,
            "startDate",
            "the same indicator, level, unit and start date as "
                + same
                + ": a revised target needs a later startDate");
      }
      targets.add(target);
    }
    targets.sort(Comparator.comparing(Target::id));
    return new TargetCatalog(targets);
  }

  public List<Target> targets() {
    return targets;
  }

  /** The targets of one indicator, in id order. */
  public List<Target> of(String indicatorId) {
    return targets.stream().filter(t -> t.indicatorId().equals(indicatorId)).toList();
  }

  /**
   * The target a published row is read against: the unit's own target if it has one, else its
   * level's; of those, the latest one followed by the end of the row's period. None for a stratum.
   */
  public Optional<Target> forRow(
      String indicatorId, String level, String unitCode, String stratifier, LocalDate periodEnd) {
    // Targets are for units, never for equity strata.
    if (!Cell.ALL.equals(stratifier)) {
      return Optional.empty();
    }
    Comparator<Target> precedence =
        Comparator.<Target, Boolean>comparing(t -> t.unitCode() != null)
            .thenComparing(Target::trackedFrom);
    return targets.stream()
        .filter(t -> t.indicatorId().equals(indicatorId))
        .filter(t -> t.appliesTo(level, unitCode, periodEnd))
        .max(precedence);
  }

  /** A published figure read against its target. */
  public record Assessment(Target target, Target.Status status) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The target of a released figure and whether the figure meets it; empty when it has none. An
   * adjusted row is read on its adjusted value and interval, the value its title names.
   */
  public Optional<Assessment> assess(IndicatorFigure figure) {
    Cell cell = figure.cell();
    LocalDate periodEnd = Period.parse(cell.periodType(), cell.period()).end();
    return forRow(figure.indicatorId(), cell.level(), cell.unitCode(), cell.stratifier(), periodEnd)
        .map(target -> new Assessment(target, status(target, figure)));
  }

  private static Target.Status status(Target target, IndicatorFigure figure) {
    Figure shown = figure.figure();
    if (shown.suppressed()) {
      return Target.Status.NOT_ASSESSABLE;
    }
    IndicatorFigure.Adjusted adjusted = figure.adjusted();
    return adjusted != null
        ? target.assess(adjusted.value(), adjusted.lower(), adjusted.upper())
        : target.assess(shown.value(), shown.lower(), shown.upper());
  }

  /** A Goal the job cannot apply; the message names the file and the field. */
  public static final class InvalidTargetException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    InvalidTargetException(String file, String field, String problem) {
      super(file + ", " + field + ": " + problem);
    }
  }

  /** Reads one Goal, field by field, failing on the first thing the job cannot apply. */
  private static final class Reader {
    private final String file;
    private final Goal goal;
    private final Map<String, IndicatorDefinition> indicators;

    Reader(String file, Goal goal, Map<String, IndicatorDefinition> indicators) {
      this.file = file;
      this.goal = goal;
      this.indicators = indicators;
    }

    private InvalidTargetException invalid(String field, String problem) {
      return new InvalidTargetException(file, field, problem);
    }

    Target read() {
      String id = goal.getIdElement().getIdPart();
      IndicatorDefinition indicator = indicator();
      String level = level();
      Reference subject = goal.getSubject();
      String unitName = subject.getDisplay();
      if (unitName == null || unitName.isBlank()) {
        throw invalid("subject.display", "is required: who the target is for, in words");
      }
      String unitCode = unitCode(level, subject);
      String descriptionFr = goal.getDescription().getText();
      if (descriptionFr == null || descriptionFr.isBlank()) {
        throw invalid("description.text", "is required: the target in words, in French");
      }
      String descriptionEn = english(goal.getDescription().getTextElement(), "description.text");
      if (!goal.hasNote() || goal.getNoteFirstRep().getText() == null) {
        throw invalid("note", "is required: why the committee chose this target, in French");
      }
      String rationaleFr = goal.getNoteFirstRep().getText();
      String rationaleEn = english(goal.getNoteFirstRep().getTextElement(), "note.text");
      String setBy = goal.getExpressedBy().getDisplay();
      if (setBy == null || setBy.isBlank()) {
        throw invalid("expressedBy.display", "is required: who set the target");
      }
      LocalDate setOn = date(goal.getStatusDateElement(), "statusDate", "when it was set");
      LocalDate trackedFrom =
          date(
              goal.hasStartDateType() ? goal.getStartDateType() : null,
              "startDate",
              "the first day of the figures it applies to");
      if (goal.getTarget().size() != 1) {
        throw invalid("target", "needs exactly one target (one value and one due date)");
      }
      GoalTargetComponent component = goal.getTargetFirstRep();
      if (!component.hasDetailQuantity()) {
        throw invalid("target.detailQuantity", "is required: the value to reach");
      }
      Quantity quantity = component.getDetailQuantity();
      if (!quantity.hasValue()) {
        throw invalid("target.detailQuantity.value", "is required");
      }
      double value = quantity.getValue().doubleValue();
      if (!quantity.hasComparator()) {
        throw invalid(
            "target.detailQuantity.comparator",
            "is required: on which side of the value the figure meets the target");
      }
      Target.Comparator comparator =
          Target.Comparator.fromSymbol(quantity.getComparator().toCode());
      if (comparator.higherMeets() != indicator.increaseIsBetter()) {
        throw invalid(
            "target.detailQuantity.comparator",
            "'"
                + comparator.symbol()
                + "' contradicts "
                + indicator.id()
                + ", where "
                + (indicator.increaseIsBetter() ? "a higher" : "a lower")
                + " value is better");
      }
      if (indicator.scoring() == IndicatorDefinition.Scoring.PROPORTION
          && (value < 0 || value > 1)) {
        throw invalid(
            "target.detailQuantity.value",
            value + " is not a proportion: " + indicator.id() + " is published between 0 and 1");
      }
      if (!component.hasDueDateType()) {
        throw invalid("target.dueDate", "is required: by when the target should be reached");
      }
      LocalDate due = date(component.getDueDateType(), "target.dueDate", "by when");
      if (due.isBefore(trackedFrom)) {
        throw invalid("target.dueDate", due + " is before the startDate " + trackedFrom);
      }
      return new Target(
          id,
          indicator.id(),
          level,
          unitCode,
          unitName,
          value,
          comparator,
          trackedFrom,
          due,
          setBy,
          setOn,
          descriptionFr,
          descriptionEn,
          rationaleFr,
          rationaleEn,
          file);
    }

    private IndicatorDefinition indicator() {
      Extension measure = goal.getExtensionByUrl(MEASURE_EXTENSION);
      if (measure == null || measure.getValue() == null) {
        throw invalid("extension(goal-measure)", "is required: the Measure the target is for");
      }
      String url = measure.getValue().primitiveValue();
      String bare = url == null ? "" : url.split("\\|", 2)[0];
      IndicatorDefinition indicator = indicators.get(bare);
      if (indicator == null) {
        throw invalid(
            "extension(goal-measure)", "'" + url + "' is not a Measure of the indicator catalog");
      }
      return indicator;
    }

    private String level() {
      Extension extension = goal.getExtensionByUrl(LEVEL_EXTENSION);
      String level =
          extension == null || extension.getValue() == null
              ? null
              : extension.getValue().primitiveValue();
      if (level == null || !Cell.UNIT_SYSTEMS.containsKey(level)) {
        throw invalid(
            "extension(goal-level)",
            "'" + level + "': must be one of province, region, rls, establishment");
      }
      return level;
    }

    /** The unit the subject names, or null when the target is for every unit of its level. */
    private @Nullable String unitCode(String level, Reference subject) {
      if (!subject.hasIdentifier()) {
        return null;
      }
      Identifier identifier = subject.getIdentifier();
      if (Cell.PROVINCE.equals(level)) {
        throw invalid(
            "subject.identifier",
            "a province target is for the province as a whole and names no unit");
      }
      String system = Cell.UNIT_SYSTEMS.get(level);
      if (!system.equals(identifier.getSystem()) || !identifier.hasValue()) {
        throw invalid(
            "subject.identifier", "a unit of level " + level + " is named in system " + system);
      }
      return identifier.getValue();
    }

    private LocalDate date(@Nullable BaseDateTimeType date, String field, String what) {
      return FhirValues.requiredDay(date, field, what, this::invalid);
    }

    private String english(Element text, String field) {
      return FhirValues.requiredEnglish(text, field, this::invalid);
    }
  }
}
