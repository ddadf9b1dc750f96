package quebec.balises.check;

import java.util.Map;
import quebec.balises.model.RejectReason;

/**
 * What a data provider changes in an export for each kind of problem (docs/inputs.md, input
 * profile).
 */
final class Advice {
  private Advice() {}

  private static final Map<RejectReason, String> ADVICE =
      Map.ofEntries(
          Map.entry(
              RejectReason.UNSUPPORTED_FILE, "name files .ndjson, .ndjson.gz, .json or .json.gz"),
          Map.entry(
              RejectReason.UNREADABLE_FILE, "send the file again: it could not be read to its end"),
          Map.entry(RejectReason.MALFORMED_JSON, "fix the JSON syntax of the line or document"),
          Map.entry(
              RejectReason.INVALID_RESOURCE,
              "send valid FHIR R4 JSON (resourceType, known elements)"),
          Map.entry(
              RejectReason.UNSUPPORTED_RESOURCE_TYPE,
              "leave this type out of the export (Balises reads QuestionnaireResponse, Patient,"
                  + " EpisodeOfCare, Organization and Encounter); its content is not kept"),
          Map.entry(
              RejectReason.BUNDLE_ENTRY_WITHOUT_RESOURCE,
              "give each Bundle entry a resource, or a DELETE request"),
          Map.entry(
              RejectReason.MISSING_ID,
              "give the resource an id (or a urn:uuid: fullUrl in its Bundle)"),
          Map.entry(RejectReason.MISSING_ELEMENT, "add the element named in the message"),
          Map.entry(
              RejectReason.MISSING_REFERENCE,
              "reference the Patient (subject) and the episode: the workflow-episodeOfCare extension,"
                  + " an encounter whose Encounter names its episodeOfCare, or export the"
                  + " patient's EpisodeOfCare so that the episode can be found"),
          Map.entry(
              RejectReason.UNVERSIONED_QUESTIONNAIRE,
              "send questionnaire as url|version of a shipped Questionnaire, or write a mapping"
                  + " covering this url (fhir-profiles/mappings/README.md) and give its folder"
                  + " with --mappings"),
          Map.entry(
              RejectReason.UNKNOWN_QUESTIONNAIRE,
              "use a shipped Questionnaire's url|version, or write a mapping for this"
                  + " Questionnaire (fhir-profiles/mappings/README.md) and give its folder with"
                  + " --mappings"),
          Map.entry(
              RejectReason.UNKNOWN_QUESTIONNAIRE_VERSION,
              "use a shipped version (listed in the message), or map this one"),
          Map.entry(
              RejectReason.UNKNOWN_TRAJECTORY,
              "code EpisodeOfCare.type from https://balises.quebec/fhir/CodeSystem/trajectory"),
          Map.entry(
              RejectReason.INVALID_DATE,
              "send the date as a FHIR date or dateTime, at least to the day"),
          Map.entry(RejectReason.FUTURE_DATE, "check the date (or the --asOf of the check)"),
          Map.entry(RejectReason.ENTERED_IN_ERROR, "nothing: the record retracts itself"),
          Map.entry(
              RejectReason.STATUS_NOT_USABLE,
              "export only completed or amended responses and usable episodes"),
          Map.entry(
              RejectReason.DANGLING_REFERENCE,
              "export the referenced resource too, and fix its own problems"),
          Map.entry(
              RejectReason.PATIENT_MISMATCH, "make the response's subject the episode's patient"),
          Map.entry(RejectReason.SUPERSEDED, "nothing: a later version replaces it"),
          Map.entry(RejectReason.DUPLICATE, "nothing, or export each version once"),
          Map.entry(
              RejectReason.UNKNOWN_ITEM,
              "answer only the Questionnaire's items, or map the item (or mark it ignored on"
                  + " purpose) in the mapping"),
          Map.entry(
              RejectReason.UNKNOWN_ANSWER_CODE,
              "send one of the item's answers in the type it takes (listed in the message), or"
                  + " map the answer in the mapping"),
          Map.entry(RejectReason.DELETION_REQUEST, "nothing: the deletion is applied"),
          Map.entry(RejectReason.DELETED, "nothing: a deletion in the input removes it"),
          Map.entry(
              RejectReason.CODE_SYSTEM_MISMATCH,
              "send the code under the item's answer system (in the message), or map that system's"
                  + " codes in the mapping"),
          Map.entry(
              RejectReason.AMBIGUOUS_EPISODE,
              "name the episode: the workflow-episodeOfCare extension, or an encounter whose"
                  + " Encounter names its episodeOfCare"),
          Map.entry(
              RejectReason.INVALID_VALUE,
              "send a value FHIR defines for the element named, spelled exactly (codes are lower"
                  + " case: male, female, completed, cancelled)"),
          Map.entry(
              RejectReason.INVALID_ID,
              "send the logical id alone (1 to 64 of A-Z a-z 0-9 - .), without a type or path"),
          Map.entry(
              RejectReason.IMPLAUSIBLE_DATE,
              "check the date named: it cannot be true (before 1900, an anchor far in the future,"
                  + " an anchor before the patient's birth)"),
          Map.entry(
              RejectReason.TOO_MANY_ANSWERS,
              "send one answer, with one value, per item, and each linkId once"),
          Map.entry(RejectReason.INVALID_ENCODING, "export the file in UTF-8"),
          Map.entry(
              RejectReason.RECORD_TOO_LARGE,
              "split the record, or raise --maxRecordBytes if it is genuine"),
          Map.entry(
              RejectReason.INVALID_BUNDLE,
              "give the Bundle an entry array of objects, each with its resource"),
          Map.entry(
              RejectReason.INTERNAL_ERROR,
              "nothing in the data, perhaps: report the message to the Balises maintainers"));

  static String of(RejectReason reason) {
    return ADVICE.getOrDefault(reason, "see the dead-letter reason codes in docs/outputs.md");
  }

  /** Outcomes that are not the provider's error: the run applies them as intended. */
  static boolean intended(RejectReason reason) {
    return switch (reason) {
      case ENTERED_IN_ERROR, SUPERSEDED, DUPLICATE, DELETION_REQUEST, DELETED -> true;
      default -> false;
    };
  }
}
