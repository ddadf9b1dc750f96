package quebec.balises.indicators.expression;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import quebec.balises.fhir.ClasspathFolder;

class FieldSetTest {

  /** Every field but the two presence flags is a column of the restricted episodes dataset. */
  @Test
  void episodeScaleFieldsAreColumnsOfTheEpisodesSchema() {
    Schema schema = new Schema.Parser().parse(ClasspathFolder.readFile("schemas/episodes.avsc"));
    FieldSet fields = FieldSet.episodeScale();
    for (String name : fields.names()) {
      FieldType type = fields.typeOf(name).orElseThrow();
      if (name.startsWith("has_")) {
        assertThat(name, type, is(FieldType.BOOLEAN));
        continue;
      }
      Schema.Field column = schema.getField(name);
      assertThat("column " + name, column != null, is(true));
      FieldType columnType = typeOf(column.schema());
      assertThat(name, type, is(columnType));
    }
    assertThat(fields.names().size(), is(20));
  }

  private static FieldType typeOf(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      return typeOf(schema.getTypes().get(1));
    }
    return switch (schema.getType()) {
      case STRING -> FieldType.STRING;
      case INT, LONG, DOUBLE, FLOAT -> FieldType.NUMBER;
      case BOOLEAN -> FieldType.BOOLEAN;
      default -> throw new AssertionError("no field type for " + schema);
    };
  }

  @Test
  void knowsEachFieldsType() {
    FieldSet fields = FieldSet.episodeScale();
    assertThat(fields.typeOf("change"), is(Optional.of(FieldType.NUMBER)));
    assertThat(fields.typeOf("instrument"), is(Optional.of(FieldType.STRING)));
    assertThat(fields.typeOf("has_followup"), is(Optional.of(FieldType.BOOLEAN)));
    assertThat(fields.typeOf("episode_key"), is(Optional.empty()));
  }

  @Test
  void rejectsNamesThatAreNotLowerSnakeCase() {
    assertThrows(
        IllegalArgumentException.class, () -> FieldSet.of(Map.of("Change", FieldType.NUMBER)));
    assertThrows(
        IllegalArgumentException.class,
        () -> FieldSet.of(Map.of("has-followup", FieldType.BOOLEAN)));
  }

  @Test
  void rejectsKeywordsAsNames() {
    assertThrows(IllegalArgumentException.class, () -> FieldSet.of(Map.of("in", FieldType.STRING)));
  }

  @Test
  void parsesAgainstACustomFieldSet() {
    FieldSet fields = FieldSet.of(Map.of("score", FieldType.NUMBER));
    assertThat(Criteria.parse("score > 1", fields).test(name -> 2), is(true));
    assertThrows(CriteriaException.class, () -> Criteria.parse("change > 1", fields));
  }
}
