package quebec.balises.model;

import java.io.Serializable;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * An accepted portrait, the one kept for its establishment and year, with that establishment
 * (docs/decisions/0022): one row of {@code restricted/portraits}.
 */
@DefaultCoder(RecordCoder.class)
public record EstablishmentPortrait(
    SourceRef source, PortraitRecord portrait, EstablishmentRecord establishment)
    implements Serializable {

  /**
   * What the tally and the manifest count accepted portraits under: they are QuestionnaireResponses
   * but go to {@code restricted/portraits}, not to {@code restricted/responses}, so they are
   * counted apart for the rows of each dataset to reconcile. A portrait's dead letter keeps its
   * FHIR type.
   */
  public static final String TALLY_LABEL = "QuestionnaireResponse/portrait";
}
