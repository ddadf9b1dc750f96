package quebec.balises.model;

/**
 * Stable reason codes for dead letters. The codes are part of the published interface of {@code
 * restricted/rejected}: never rename one; add new ones at the end of a group.
 */
public enum RejectReason {
  /** The file's extension is not one Balises reads (.ndjson, .ndjson.gz, .json, .json.gz). */
  UNSUPPORTED_FILE,
  /** The file could not be read to its end (I/O error, corrupt gzip). */
  UNREADABLE_FILE,
  /** The line or document is not well-formed JSON. */
  MALFORMED_JSON,
  /** Well-formed JSON that HAPI cannot read as a FHIR R4 resource. */
  INVALID_RESOURCE,
  /** A FHIR resource of a type the pipeline does not take. */
  UNSUPPORTED_RESOURCE_TYPE,
  /** A Bundle entry with no resource that is not a deletion request (a GET, a POST without one). */
  BUNDLE_ENTRY_WITHOUT_RESOURCE,
  /** The resource has no logical id. */
  MISSING_ID,
  /** A required element other than a reference is absent (named in the message). */
  MISSING_ELEMENT,
  /** A required reference is absent or not of the expected resource type. */
  MISSING_REFERENCE,
  /** QuestionnaireResponse.questionnaire has no {@code |version}. */
  UNVERSIONED_QUESTIONNAIRE,
  /** The questionnaire's canonical URL is not in the instrument registry. */
  UNKNOWN_QUESTIONNAIRE,
  /** The canonical URL is known but not that version. */
  UNKNOWN_QUESTIONNAIRE_VERSION,
  /** EpisodeOfCare.type has no code from the trajectory CodeSystem. */
  UNKNOWN_TRAJECTORY,
  /** A date that cannot be parsed or is less precise than a day. */
  INVALID_DATE,
  /** A date after the run's reference date. */
  FUTURE_DATE,
  /** The latest version of the resource has status entered-in-error. */
  ENTERED_IN_ERROR,
  /**
   * A status the indicators cannot use (a response in-progress or stopped, a cancelled episode).
   */
  STATUS_NOT_USABLE,
  /** A reference to a resource that is absent from the input or was itself rejected. */
  DANGLING_REFERENCE,
  /** The response's subject is not the patient of its episode of care. */
  PATIENT_MISMATCH,
  /** A later version of the same resource replaced this one. */
  SUPERSEDED,
  /**
   * Another record of the same resource ties with the one kept: same versionId, lastUpdated and
   * status rank (an exact re-export, or records without version metadata). The first by file and
   * position is kept.
   */
  DUPLICATE,
  /** An answer's linkId is not an item of its Questionnaire (the item is named). */
  UNKNOWN_ITEM,
  /** An answer that its item does not allow: a code not in its answerOptions, or no number. */
  UNKNOWN_ANSWER_CODE,
  /**
   * A deletion request: a Bundle entry with {@code request.method = DELETE} naming {@code Type/id}
   * (a line of a FHIR Bulk Data {@code deleted} file, or an entry of a transaction). It is applied,
   * not kept: every version of the resource it names that is not later than it becomes {@link
   * #DELETED}; the request itself is recorded under this code.
   */
  DELETION_REQUEST,
  /** A deletion request in the input names this resource, and this version is not later. */
  DELETED,
  /**
   * A coded answer whose code is one of the item's answers but whose {@code system} is another code
   * system's (or, through a mapping, a system the mapping does not take that code from): the same
   * spelling in another code system is not the same answer, so it is never scored.
   */
  CODE_SYSTEM_MISMATCH,
  /**
   * A response that names no episode of care (no extension, no encounter leading to one) and whose
   * patient has more than one episode that could hold it: Balises does not guess.
   */
  AMBIGUOUS_EPISODE,
  /**
   * An element whose value FHIR does not allow: a code not defined for it, spelled exactly (codes
   * are case sensitive: a gender {@code M}, a status {@code Cancelled} or {@code
   * ENTERED-IN-ERROR}), a number that is not one, an element with two values. HAPI's lenient parser
   * would leave such an element empty; Balises names it instead.
   */
  INVALID_VALUE,
  /**
   * A logical id that is not a FHIR id ({@code [A-Za-z0-9\-.]{1,64}}): {@code Patient/p1}, {@code
   * ../p1}. It is never rewritten into another id.
   */
  INVALID_ID,
  /**
   * A valid date that cannot be true: a birth date or an authored date before 1900, an anchor
   * before 1900 or more than a year after the run's reference date, a birth date after the anchor
   * of the patient's episode (a negative age).
   */
  IMPLAUSIBLE_DATE,
  /**
   * An item that takes one answer has several: two answers, two values in one answer, or its linkId
   * repeated in the response (the linkId is named).
   */
  TOO_MANY_ANSWERS,
  /** The line is not valid UTF-8 (the byte offset is named); it is never decoded by guessing. */
  INVALID_ENCODING,
  /** A line or Bundle entry larger than {@code --maxRecordBytes}; it is skipped unread. */
  RECORD_TOO_LARGE,
  /**
   * A Bundle that yields no record (no {@code entry}, an empty one, or one that is not an array),
   * or an entry that is not a JSON object ({@code null}, a number).
   */
  INVALID_BUNDLE,
  /**
   * A stage failed on the record, or on the element it was part of, in a way Balises does not
   * expect (a bug): the message names the stage and the exception, and the dead letter carries its
   * stack trace ({@link Failsafe}). The run is counted and reconciled but fails (exit 1) and
   * publishes nothing.
   */
  INTERNAL_ERROR;
}
