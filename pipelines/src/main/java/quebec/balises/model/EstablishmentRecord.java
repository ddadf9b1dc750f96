package quebec.balises.model;

import java.io.Serializable;

/** An accepted Organization: an establishment with its RLS and health region (RSS). */
public record EstablishmentRecord(
    String id,
    String code,
    String name,
    String rlsCode,
    String rlsName,
    String regionCode,
    String regionName)
    implements Serializable {}
