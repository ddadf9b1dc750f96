package quebec.balises.generate;

import quebec.balises.model.RejectReason;

/**
 * The kinds of bad record the generator plants, each with the dead-letter reason the pipeline must
 * give it. {@link #SUPERSEDED_BY_AMENDMENT} is not bad in itself: the amended version is accepted
 * and the version it replaces is a dead letter.
 */
public enum BadRecordKind {
  MALFORMED_JSON(RejectReason.MALFORMED_JSON),
  NOT_A_RESOURCE(RejectReason.INVALID_RESOURCE),
  WRONG_RESOURCE_TYPE(RejectReason.UNSUPPORTED_RESOURCE_TYPE),
  MISSING_ID(RejectReason.MISSING_ID),
  MISSING_SUBJECT(RejectReason.MISSING_REFERENCE),
  UNVERSIONED_QUESTIONNAIRE(RejectReason.UNVERSIONED_QUESTIONNAIRE),
  UNKNOWN_QUESTIONNAIRE(RejectReason.UNKNOWN_QUESTIONNAIRE),
  UNKNOWN_QUESTIONNAIRE_VERSION(RejectReason.UNKNOWN_QUESTIONNAIRE_VERSION),
  INVALID_DATE(RejectReason.INVALID_DATE),
  FUTURE_DATE(RejectReason.FUTURE_DATE),
  IN_PROGRESS(RejectReason.STATUS_NOT_USABLE),
  DANGLING_EPISODE(RejectReason.DANGLING_REFERENCE),
  PATIENT_MISMATCH(RejectReason.PATIENT_MISMATCH),
  DUPLICATE(RejectReason.DUPLICATE),
  ENTERED_IN_ERROR(RejectReason.ENTERED_IN_ERROR),
  SUPERSEDED_BY_AMENDMENT(RejectReason.SUPERSEDED),
  UNKNOWN_ANSWER_CODE(RejectReason.UNKNOWN_ANSWER_CODE),
  UNKNOWN_ITEM(RejectReason.UNKNOWN_ITEM),
  UNKNOWN_TRAJECTORY(RejectReason.UNKNOWN_TRAJECTORY),
  BUNDLE_DELETE_ENTRY(RejectReason.DELETION_REQUEST);

  private final RejectReason expected;

  BadRecordKind(RejectReason expected) {
    this.expected = expected;
  }

  public RejectReason expectedReason() {
    return expected;
  }
}
