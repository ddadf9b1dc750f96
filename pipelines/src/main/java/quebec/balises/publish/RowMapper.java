package quebec.balises.publish;

import java.io.Serializable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import quebec.balises.privacy.Pseudonymizer;

/** Turns one pipeline element into one row of a dataset's Avro schema. */
@FunctionalInterface
public interface RowMapper<T> extends Serializable {
  GenericRecord toRow(T element, Context context);

  /** What a mapper may use: the schema, and the pseudonymizer (the key is read on first use). */
  interface Context {
    Schema schema();

    Pseudonymizer pseudonymizer();
  }
}
