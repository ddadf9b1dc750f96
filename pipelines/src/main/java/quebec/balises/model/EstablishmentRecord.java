package quebec.balises.model;

/** An accepted Organization: an establishment with its RLS and health region (RSS). */
public record EstablishmentRecord(
    String id,
    String code,
    String name,
    String rlsCode,
    String rlsName,
    String regionCode,
    String regionName)
    implements Payload {
  @Override
  public ResourceKind kind() {
    return ResourceKind.ORGANIZATION;
  }
}
