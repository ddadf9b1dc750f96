package quebec.balises.model;

/**
 * The population of one health region (RSS), of one sex and age band, in one year: a FHIR {@code
 * Group} that describes people rather than lists them ({@code actual} = false), whose {@code
 * quantity} is the count (docs/decisions/0023). The operator supplies them with the export, from
 * the population estimates of the Institut de la statistique du Québec.
 *
 * @param id the Group's logical id
 * @param regionCode the health region's two-digit code ({@code health-region} CodeSystem)
 * @param year the year of the estimate (the day its region characteristic's period names)
 * @param sex {@code female} or {@code male}
 * @param ageBand one of the equity strata's age bands ({@code 0-17} … {@code 85+})
 * @param population how many people
 */
public record PopulationRecord(
    String id, String regionCode, int year, String sex, String ageBand, long population)
    implements Payload {
  @Override
  public ResourceKind kind() {
    return ResourceKind.GROUP;
  }
}
