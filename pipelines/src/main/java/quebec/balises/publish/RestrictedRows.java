package quebec.balises.publish;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import quebec.balises.episodes.EpisodeScale;
import quebec.balises.episodes.TimepointAssignment;
import quebec.balises.indicators.CaseMixModel;
import quebec.balises.model.Engagement;
import quebec.balises.model.EstablishmentPortrait;
import quebec.balises.model.EstablishmentRecord;
import quebec.balises.model.LinkedEpisode;
import quebec.balises.model.LinkedResponse;
import quebec.balises.model.ParsedResource;
import quebec.balises.model.PartnerDiversity;
import quebec.balises.model.PatientRecord;
import quebec.balises.model.PopulationRecord;
import quebec.balises.model.PortraitRecord;
import quebec.balises.model.Rejection;
import quebec.balises.model.ResponseRecord;
import quebec.balises.model.SourceRef;
import quebec.balises.scoring.ResponseScore;

/**
 * The rows of the restricted datasets. Identifiers leave the pipeline only as keyed pseudonyms; a
 * birth date only as a year and an age at the anchor date; a postal code not at all.
 */
public final class RestrictedRows {
  private RestrictedRows() {}

  public static RowMapper<LinkedResponse> responses() {
    return (linked, context) -> {
      ResponseRecord response = linked.response();
      LinkedEpisode episode = linked.episode();
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("response_key", context.pseudonymizer().response(response.id()));
      row.put(
          "patient_pseudonym",
          context.pseudonymizer().patient(episode.patient().pseudonymSource()));
      row.put("episode_key", context.pseudonymizer().episode(response.episodeId()));
      row.put("trajectory", episode.episode().trajectory());
      row.put("establishment_code", episode.establishment().code());
      row.put("rls_code", episode.establishment().rlsCode());
      row.put("region_code", episode.establishment().regionCode());
      row.put("questionnaire_url", response.questionnaireUrl());
      row.put("questionnaire_version", response.questionnaireVersion());
      row.put("instrument", response.instrument());
      row.put("authored_date", days(response.authoredDate()));
      row.put("authored_at", micros(response.authoredAt()));
      row.put("status", response.status());
      row.put("answer_count", response.answers().size());
      putSource(row, linked.source());
      return row;
    };
  }

  public static RowMapper<ResponseScore> scores() {
    return (scored, context) -> {
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("response_key", context.pseudonymizer().response(scored.responseId()));
      row.put(
          "patient_pseudonym", context.pseudonymizer().patient(scored.patientPseudonymSource()));
      row.put("episode_key", context.pseudonymizer().episode(scored.episodeId()));
      row.put("trajectory", scored.trajectory());
      row.put("establishment_code", scored.establishmentCode());
      row.put("instrument", scored.instrument());
      row.put("scale", scored.score().scale());
      row.put("value", scored.score().value());
      row.put("value_text", scored.score().text());
      row.put("status", scored.score().status().code());
      row.put("method_id", scored.score().methodId());
      row.put("questionnaire_url", scored.questionnaireUrl());
      row.put("questionnaire_version", scored.questionnaireVersion());
      row.put("authored_date", days(scored.authoredDate()));
      row.put("mapping", scored.mapping());
      return row;
    };
  }

  public static RowMapper<EpisodeScale> episodes() {
    return (pair, context) -> {
      LinkedEpisode linked = pair.episode();
      GenericRecord row = new GenericData.Record(context.schema());
      putEpisode(row, linked, context);
      row.put("sex", linked.patient().sex());
      row.put("material_deprivation_quintile", linked.patient().materialDeprivationQuintile());
      row.put("social_deprivation_quintile", linked.patient().socialDeprivationQuintile());
      row.put("instrument", pair.instrument());
      row.put("scale", pair.scale());
      row.put("timepoint", pair.timepoint());
      row.put("baseline_date", pair.baselineDate() == null ? null : days(pair.baselineDate()));
      row.put("baseline_value", pair.baseline() == null ? null : pair.baseline().value());
      row.put("baseline_status", pair.baseline() == null ? null : pair.baseline().status().code());
      row.put("followup_date", pair.followupDate() == null ? null : days(pair.followupDate()));
      row.put("followup_value", pair.followup() == null ? null : pair.followup().value());
      row.put("followup_status", pair.followup() == null ? null : pair.followup().status().code());
      row.put("change", pair.change());
      row.put("health_change", pair.healthChange());
      row.put(
          "method_id", (pair.baseline() != null ? pair.baseline() : pair.followup()).methodId());
      return row;
    };
  }

  public static RowMapper<TimepointAssignment> timepointAssignments() {
    return (assignment, context) -> {
      LinkedResponse linked = assignment.response().linked();
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("response_key", context.pseudonymizer().response(linked.response().id()));
      row.put("episode_key", context.pseudonymizer().episode(linked.response().episodeId()));
      row.put("trajectory", linked.episode().episode().trajectory());
      row.put("establishment_code", linked.episode().establishment().code());
      row.put("instrument", linked.response().instrument());
      row.put("authored_date", days(linked.response().authoredDate()));
      row.put("days_from_anchor", assignment.daysFromAnchor());
      row.put("timepoint", assignment.timepoint());
      row.put("outcome", assignment.outcome().code());
      return row;
    };
  }

  /** The columns that place a row in its episode, shared by the episode-level datasets. */
  private static void putEpisode(
      GenericRecord row, LinkedEpisode linked, RowMapper.Context context) {
    row.put("episode_key", context.pseudonymizer().episode(linked.episode().id()));
    row.put(
        "patient_pseudonym", context.pseudonymizer().patient(linked.patient().pseudonymSource()));
    row.put("trajectory", linked.episode().trajectory());
    row.put("establishment_code", linked.establishment().code());
    row.put("rls_code", linked.establishment().rlsCode());
    row.put("region_code", linked.establishment().regionCode());
    row.put("anchor_date", days(linked.episode().anchorDate()));
    row.put("age_at_anchor", linked.ageAtAnchor());
    Engagement engagement = linked.episode().engagement();
    row.put("engagement_sphere", engagement == null ? null : engagement.sphere());
    row.put("engagement_level", engagement == null ? null : engagement.level());
    row.put("engagement_body", engagement == null ? null : engagement.body());
  }

  public static RowMapper<CaseMixModel.Term> caseMixModels() {
    return (term, context) -> {
      CaseMixModel model = term.model();
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("indicator_id", model.indicatorId());
      row.put("period_type", model.periodType());
      row.put("period", model.period());
      row.put("modelled_n", model.n());
      row.put("term", term.name());
      row.put("coefficient", term.coefficient());
      row.put("aliased", term.aliased());
      row.put("provincial_followup_mean", model.provincialFollowupMean());
      row.put("provincial_baseline_mean", model.provincialBaselineMean());
      return row;
    };
  }

  public static RowMapper<ParsedResource> patients() {
    return (resource, context) -> {
      PatientRecord patient = resource.patient();
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("patient_pseudonym", context.pseudonymizer().patient(patient.pseudonymSource()));
      row.put("sex", patient.sex());
      row.put("birth_year", patient.birthDate() == null ? null : patient.birthDate().getYear());
      row.put("material_deprivation_quintile", patient.materialDeprivationQuintile());
      row.put("social_deprivation_quintile", patient.socialDeprivationQuintile());
      row.put("source_file", resource.source().file());
      return row;
    };
  }

  public static RowMapper<LinkedEpisode> careEpisodes() {
    return (linked, context) -> {
      GenericRecord row = new GenericData.Record(context.schema());
      putEpisode(row, linked, context);
      Engagement engagement = linked.episode().engagement();
      row.put(
          "engagement_end",
          engagement == null || engagement.end() == null ? null : days(engagement.end()));
      row.put("status", linked.episode().status());
      row.put("source_file", linked.source().file());
      return row;
    };
  }

  public static RowMapper<ParsedResource> establishments() {
    return (resource, context) -> {
      EstablishmentRecord site = resource.establishment();
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("establishment_code", site.code());
      row.put("name", site.name());
      row.put("rls_code", site.rlsCode());
      row.put("rls_name", site.rlsName());
      row.put("region_code", site.regionCode());
      row.put("region_name", site.regionName());
      row.put("source_file", resource.source().file());
      return row;
    };
  }

  /** An establishment's portrait, the one kept for its year (docs/decisions/0022). */
  public static RowMapper<EstablishmentPortrait> portraits() {
    return (kept, context) -> {
      PortraitRecord p = kept.portrait();
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("response_key", context.pseudonymizer().response(p.id()));
      row.put("establishment_code", kept.establishment().code());
      row.put("rls_code", kept.establishment().rlsCode());
      row.put("region_code", kept.establishment().regionCode());
      row.put("year", p.year());
      row.put("questionnaire_version", p.questionnaireVersion());
      row.put("authored_date", days(p.authoredDate()));
      row.put("committees", p.committees());
      row.put("committees_with_partners", p.committeesWithPartners());
      row.put("committees_co_construction", p.committeesCoConstruction());
      row.put("projects", p.projects());
      row.put("projects_with_partners", p.projectsWithPartners());
      row.put("partners_recruited", p.partnersRecruited());
      row.put("partners_trained", p.partnersTrained());
      row.put("partners_compensated", p.partnersCompensated());
      row.put("budget_cad", p.budget());
      PartnerDiversity partners = p.diversity();
      if (partners != null) {
        row.put("partners_active", partners.active());
        row.put("partners_not_described", partners.notDescribed());
        for (PartnerDiversity.Cell c : partners.cells()) {
          String item = quebec.balises.fhir.PortraitQuestionnaire.cellItem(c.sex(), c.ageBand());
          row.put(item.replace('-', '_'), c.partners());
        }
        row.put("partners_experience_patient", partners.experience().patient());
        row.put("partners_experience_caregiver", partners.experience().caregiver());
        row.put("partners_experience_citizen", partners.experience().citizen());
        row.put("partners_experience_not_described", partners.experience().notDescribed());
        row.put("partners_language_fr", partners.language().french());
        row.put("partners_language_en", partners.language().english());
        row.put("partners_language_other", partners.language().other());
        row.put("partners_language_not_described", partners.language().notDescribed());
        row.put("partners_most_deprived", partners.mostDeprived());
        row.put("partners_deprivation_not_described", partners.deprivationNotDescribed());
        row.put("partners_same_region", partners.sameRegion());
        row.put("partners_region_not_described", partners.regionNotDescribed());
      }
      row.put("source_file", kept.source().file());
      return row;
    };
  }

  /** One accepted population estimate per row (docs/decisions/0023): reference data, no person. */
  public static RowMapper<ParsedResource> population() {
    return (kept, context) -> {
      PopulationRecord p = kept.population();
      GenericRecord row = new GenericData.Record(context.schema());
      row.put("group_id", p.id());
      row.put("region_code", p.regionCode());
      row.put("year", p.year());
      row.put("sex", p.sex());
      row.put("age_band", p.ageBand());
      row.put("population", p.population());
      row.put("source_file", kept.source().file());
      return row;
    };
  }

  /**
   * Dead letters keep the raw record for the data team to fix at the source, cut at {@code
   * maxRawBytes} UTF-8 bytes (on a character boundary) so that one huge record cannot bloat the
   * dataset.
   */
  public static RowMapper<Rejection> rejected(int maxRawBytes) {
    return (rejection, context) -> {
      GenericRecord row = new GenericData.Record(context.schema());
      putSource(row, rejection.source());
      row.put("resource_type", rejection.resourceType());
      row.put("resource_id", rejection.resourceId());
      row.put("reason_code", rejection.reason().name());
      row.put("message", rejection.message());
      byte[] raw = rejection.rawRecord().getBytes(StandardCharsets.UTF_8);
      String kept = truncate(rejection.rawRecord(), raw, maxRawBytes);
      row.put("raw_record", kept);
      row.put("raw_record_bytes", (long) raw.length);
      row.put("raw_record_truncated", raw.length > maxRawBytes);
      row.put("stack_trace", rejection.stackTrace());
      return row;
    };
  }

  static String truncate(String text, byte[] utf8, int maxBytes) {
    if (utf8.length <= maxBytes) {
      return text;
    }
    int end = maxBytes;
    // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is cut in half.
    while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(utf8, 0, end, StandardCharsets.UTF_8);
  }

  private static void putSource(GenericRecord row, SourceRef source) {
    row.put("source_file", source.file());
    row.put("source_line", source.line());
    row.put("source_entry", source.entryIndex());
  }

  private static int days(LocalDate date) {
    return (int) date.toEpochDay();
  }

  private static Long micros(Instant instant) {
    return instant == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
