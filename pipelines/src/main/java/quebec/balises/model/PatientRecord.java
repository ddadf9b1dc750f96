package quebec.balises.model;

import java.time.LocalDate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An accepted Patient. {@code pseudonymSource} is the text the pseudonym is computed from (the
 * health insurance number when present, else the logical id); it never leaves the pipeline.
 */
public record PatientRecord(
    String id,
    String pseudonymSource,
    @Nullable String sex,
    @Nullable LocalDate birthDate,
    @Nullable Integer materialDeprivationQuintile,
    @Nullable Integer socialDeprivationQuintile)
    implements Payload {
  @Override
  public ResourceKind kind() {
    return ResourceKind.PATIENT;
  }
}
