package quebec.balises.portrait;

import org.apache.beam.sdk.coders.DefaultCoder;
import quebec.balises.model.PortraitRecord;
import quebec.balises.model.RecordCoder;

/** The unit of which one portrait is kept: an establishment in a year (a grouping key). */
@DefaultCoder(RecordCoder.class)
public record EstablishmentYear(String organizationId, int year) {
  static EstablishmentYear of(PortraitRecord portrait) {
    return new EstablishmentYear(portrait.organizationId(), portrait.year());
  }
}
