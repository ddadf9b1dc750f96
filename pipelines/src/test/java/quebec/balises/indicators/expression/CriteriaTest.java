package quebec.balises.indicators.expression;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CriteriaTest {
  private static final FieldSet FIELDS = FieldSet.episodeScale();

  /** A row from alternating field names and values; fields left out are null. */
  private static Map<String, Object> row(Object... namesAndValues) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      row.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return row;
  }

  private static boolean holds(String text, Map<String, Object> row) {
    return Criteria.parse(text, FIELDS).test(row::get);
  }

  private static CriteriaException failure(String text) {
    return assertThrows(CriteriaException.class, () -> Criteria.parse(text, FIELDS));
  }

  // --- The example -------------------------------------------------------------------

  @Test
  void selectsHoosJrRowsWithAClinicallyImportantChange() {
    String text = "instrument = 'HOOS_JR' and change >= 22";
    assertThat(holds(text, row("instrument", "HOOS_JR", "change", 22.0)), is(true));
    assertThat(holds(text, row("instrument", "HOOS_JR", "change", 30.5)), is(true));
    assertThat(holds(text, row("instrument", "HOOS_JR", "change", 21.9)), is(false));
    assertThat(holds(text, row("instrument", "KOOS_JR", "change", 30.0)), is(false));
    assertThat(holds(text, row("instrument", "HOOS_JR")), is(false));
  }

  // --- Operators -----------------------------------------------------------------------------

  @ParameterizedTest(name = "change {0} 22 on {1}: {2}")
  @CsvSource({
    "=, 22, true",
    "=, 21, false",
    "!=, 22, false",
    "!=, 21, true",
    "<, 21, true",
    "<, 22, false",
    "<=, 22, true",
    "<=, 23, false",
    ">, 23, true",
    ">, 22, false",
    ">=, 22, true",
    ">=, 21, false",
  })
  void comparesNumbers(String operator, double change, boolean expected) {
    assertThat(holds("change " + operator + " 22", row("change", change)), is(expected));
  }

  @Test
  void comparesNumbersAsDoublesWhateverTheirBoxedType() {
    assertThat(holds("age_at_anchor = 65", row("age_at_anchor", 65)), is(true));
    assertThat(holds("age_at_anchor = 65.0", row("age_at_anchor", 65L)), is(true));
    assertThat(
        holds("material_deprivation_quintile >= 4", row("material_deprivation_quintile", 5)),
        is(true));
  }

  @Test
  void readsNegativeAndDecimalNumbers() {
    assertThat(holds("change > -2.5", row("change", -2.0)), is(true));
    assertThat(holds("change > -2.5", row("change", -3.0)), is(false));
    assertThat(holds("change>=-0.25", row("change", -0.25)), is(true));
  }

  @Test
  void comparesStringsExactly() {
    assertThat(holds("sex = 'female'", row("sex", "female")), is(true));
    assertThat(holds("sex = 'female'", row("sex", "Female")), is(false));
    assertThat(holds("sex != 'female'", row("sex", "male")), is(true));
    assertThat(holds("sex != 'female'", row("sex", "female")), is(false));
  }

  @Test
  void comparesBooleans() {
    assertThat(holds("has_followup = true", row("has_followup", true)), is(true));
    assertThat(holds("has_followup = true", row("has_followup", false)), is(false));
    assertThat(holds("has_followup != true", row("has_followup", false)), is(true));
    assertThat(holds("has_followup = false", row("has_followup", false)), is(true));
  }

  @Test
  void matchesInLists() {
    String text = "instrument in ('HOOS_JR' | 'KOOS_JR')";
    assertThat(holds(text, row("instrument", "KOOS_JR")), is(true));
    assertThat(holds(text, row("instrument", "EQ5D5L")), is(false));
    assertThat(holds("timepoint in ('12m')", row("timepoint", "12m")), is(true));
    assertThat(
        holds("material_deprivation_quintile in (4 | 5)", row("material_deprivation_quintile", 5)),
        is(true));
    assertThat(
        holds("material_deprivation_quintile in (4 | 5)", row("material_deprivation_quintile", 3)),
        is(false));
  }

  @Test
  void testsForAMissingValueExplicitly() {
    assertThat(holds("followup_value.empty()", row("baseline_value", 40.0)), is(true));
    assertThat(holds("followup_value.empty()", row("followup_value", 60.0)), is(false));
    assertThat(holds("followup_value.exists()", row("followup_value", 60.0)), is(true));
    assertThat(holds("followup_value.exists()", row()), is(false));
    assertThat(holds("followup_value.exists().not()", row()), is(true));
    assertThat(holds("sex.exists()", row("sex", "")), is(true));
  }

  // --- Nulls in comparisons ------------------------------------------------------------------

  @Test
  void comparisonsOnAMissingValueAreEmptyAndCountNobody() {
    Map<String, Object> noChange = row("instrument", "HOOS_JR", "change", null);
    for (String text :
        new String[] {
          "change >= 22",
          "change < 22",
          "change = 22",
          "change != 22",
          "change in (22 | 23)",
          "sex != 'female'",
          "sex in ('female' | 'male')",
          "has_followup = false"
        }) {
      assertThat(text, Criteria.parse(text, FIELDS).evaluate(noChange::get), is(nullValue()));
      assertThat(text, holds(text, noChange), is(false));
    }
  }

  /**
   * FHIRPath §6.5's truth tables, cell by cell: T is {@code instrument = 'HOOS_JR'}, F is {@code
   * instrument = 'KOOS_JR'}, E is {@code change >= 22} on a row without a change (empty).
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      nullValues = "empty",
      value = {
        "T and T, true",
        "T and F, false",
        "T and E, empty",
        "F and T, false",
        "F and F, false",
        "F and E, false",
        "E and T, empty",
        "E and F, false",
        "E and E, empty",
        "T or T, true",
        "T or F, true",
        "T or E, true",
        "F or T, true",
        "F or F, false",
        "F or E, empty",
        "E or T, true",
        "E or F, empty",
        "E or E, empty",
        "(T).not(), false",
        "(F).not(), true",
        "(E).not(), empty",
        "(E).not().not(), empty",
        "(E and F).not(), true",
        "(E or T).not(), false",
      })
  void followsFhirPathThreeValuedLogic(String shape, Boolean expected) {
    String text =
        shape
            .replace("T", "instrument = 'HOOS_JR'")
            .replace("F", "instrument = 'KOOS_JR'")
            .replace("E", "change >= 22");
    Map<String, Object> row = row("instrument", "HOOS_JR");
    assertThat(text, Criteria.parse(text, FIELDS).evaluate(row::get), is(expected));
    assertThat(text, holds(text, row), is(Boolean.TRUE.equals(expected)));
  }

  @Test
  void notOfAComparisonOnAMissingValueCountsNobody() {
    // Unlike the two-valued logic Balises used before FHIRPath: (change >= 22).not() was true here.
    Map<String, Object> noChange = row("instrument", "HOOS_JR");
    assertThat(holds("(change >= 22).not()", noChange), is(false));
    assertThat(holds("(change >= 22).not()", row("change", 10.0)), is(true));
    assertThat(holds("change.empty() or (change >= 22).not()", noChange), is(true));
  }

  @Test
  void treatsNanAsMissing() {
    assertThat(holds("change != 0", row("change", Double.NaN)), is(false));
    assertThat(holds("change.empty()", row("change", Double.NaN)), is(true));
  }

  @Test
  void rejectsARowValueOfTheWrongType() {
    Criteria criteria = Criteria.parse("change >= 22", FIELDS);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> criteria.test(row("change", "22")::get));
    assertThat(e.getMessage(), startsWith("field 'change' is declared as a number"));
  }

  // --- Logic and precedence ------------------------------------------------------------------

  @Test
  void andBindsTighterThanOr() {
    // a or (b and c): true for an 'A' row whatever its change; ((a or b) and c) would be false.
    String text = "instrument = 'A' or instrument = 'B' and change > 0";
    assertThat(holds(text, row("instrument", "A", "change", -5.0)), is(true));
    assertThat(holds(text, row("instrument", "B", "change", -5.0)), is(false));
    assertThat(holds(text, row("instrument", "B", "change", 5.0)), is(true));
    assertThat(
        Criteria.parse(text, FIELDS),
        is(Criteria.parse("instrument = 'A' or (instrument = 'B' and change > 0)", FIELDS)));
    assertThat(
        Criteria.parse(text, FIELDS),
        not(Criteria.parse("(instrument = 'A' or instrument = 'B') and change > 0", FIELDS)));
  }

  @Test
  void parenthesesOverridePrecedence() {
    String text = "(instrument = 'A' or instrument = 'B') and change > 0";
    assertThat(holds(text, row("instrument", "A", "change", -5.0)), is(false));
    assertThat(holds(text, row("instrument", "B", "change", 5.0)), is(true));
    assertThat(holds("((change > 0))", row("change", 1.0)), is(true));
  }

  @Test
  void notAppliesToWhatItFollows() {
    String text = "(sex = 'male').not() and change > 0";
    assertThat(holds(text, row("sex", "female", "change", 1.0)), is(true));
    assertThat(holds(text, row("sex", "male", "change", 1.0)), is(false));
    assertThat(
        Criteria.parse("(sex = 'male' and change > 0).not()", FIELDS),
        not(Criteria.parse(text, FIELDS)));
    assertThat(holds("(has_followup = true).not().not()", row("has_followup", true)), is(true));
    assertThat(holds("change.exists().not()", row()), is(true));
  }

  // --- Lexical details -----------------------------------------------------------------------

  @Test
  void readsFhirPathEscapes() {
    assertThat(holds("scale = 'patient\\'s view'", row("scale", "patient's view")), is(true));
    assertThat(holds("scale = '\\''", row("scale", "'")), is(true));
    assertThat(holds("scale = ''", row("scale", "")), is(true));
    assertThat(holds("scale = 'a\\\\b\\tc'", row("scale", "a\\b\tc")), is(true));
    assertThat(holds("scale = '\\u00e9t\\u00E9'", row("scale", "été")), is(true));
    assertThat(
        failure("scale = 'a\\qb'").getMessage(), startsWith("unknown escape '\\q' at column 11"));
    assertThat(failure("scale = '\\u00g9'").getMessage(), startsWith("malformed escape"));
  }

  @Test
  void keywordsAreCaseSensitiveAsInFhirPath() {
    assertThat(
        failure("instrument = 'A' AND change > 0").getMessage(),
        is(
            "unexpected 'AND' after a complete expression at column 18"
                + " (FHIRPath keywords are lower case: and)"));
    assertThat(
        failure("sex IN ('female')").getMessage(),
        is(
            "expected an operator (=, !=, <, <=, >, >=, in) or .exists() or .empty() after 'sex'"
                + " at column 5, found 'IN' (FHIRPath keywords are lower case: in)"));
    assertThat(
        failure("has_baseline = True").getMessage(),
        startsWith("expected true or false after '=' at column 16, found 'True'"));
  }

  @Test
  void listsTheFieldsItReads() {
    Criteria criteria =
        Criteria.parse("instrument = 'HOOS_JR' and (change >= 22 or instrument.empty())", FIELDS);
    assertThat(criteria.fields(), contains("instrument", "change"));
    assertThat(
        criteria.text(), is("instrument = 'HOOS_JR' and (change >= 22 or instrument.empty())"));
  }

  @Test
  void survivesJavaSerialization() throws IOException, ClassNotFoundException {
    Criteria criteria =
        Criteria.parse("instrument in ('HOOS_JR') and (change < 22).not() or sex.empty()", FIELDS);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(criteria);
    }
    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }
    assertThat(copy, is(criteria));
    assertThat(((Criteria) copy).test(row("instrument", "HOOS_JR", "change", 25.0)::get), is(true));
  }

  // --- Errors: one per kind, each with its column ---------------------------------------------

  @Test
  void rejectsAnUnknownField() {
    CriteriaException e = failure("instrument = 'HOOS_JR' and chnage >= 22");
    assertThat(e.column(), is(28));
    assertThat(
        e.getMessage(),
        startsWith("unknown field 'chnage' at column 28 (fields: trajectory, instrument, scale,"));
    assertThat(
        failure("chnage >= 22").getMessage(), startsWith("unknown field 'chnage' at column 1"));
  }

  @Test
  void fieldNamesAreCaseSensitive() {
    assertThat(
        failure("Change >= 22").getMessage(), startsWith("unknown field 'Change' at column 1"));
  }

  @Test
  void rejectsALiteralOfTheWrongType() {
    assertThat(
        failure("change >= 'x'").getMessage(),
        is(
            "expected a number after '>=' at column 11, found the string 'x'"
                + " (field 'change' is a number)"));
    assertThat(
        failure("instrument = 22").getMessage(),
        startsWith("expected a string after '=' at column 14, found the number 22"));
    assertThat(
        failure("has_followup = 'yes'").getMessage(),
        startsWith("expected true or false after '=' at column 16, found the string 'yes'"));
    assertThat(
        failure("sex in ('female' | 2)").getMessage(),
        startsWith("expected a string after '|' at column 20, found the number 2"));
  }

  @Test
  void rejectsAMissingLiteral() {
    assertThat(
        failure("change >=").getMessage(),
        startsWith("expected a number after '>=' at column 10, found the end of the expression"));
  }

  @Test
  void rejectsOrderingOnAStringOrBooleanField() {
    CriteriaException e = failure("instrument < 'B'");
    assertThat(e.column(), is(12));
    assertThat(
        e.getMessage(),
        is(
            "'<' compares numbers, but field 'instrument' is a string at column 12 (use =, != or in)"));
    assertThat(
        failure("has_followup >= true").getMessage(),
        startsWith(
            "'>=' compares numbers, but field 'has_followup' is true or false at column 14"));
  }

  @Test
  void rejectsAnUnterminatedString() {
    CriteriaException e = failure("instrument = 'HOOS_JR and change >= 22");
    assertThat(e.column(), is(14));
    assertThat(
        e.getMessage(),
        is(
            "unterminated string 'HOOS_JR and change… at column 14"
                + " (close it with ', and write a quote inside it as \\')"));
    assertThat(failure("scale = 'it\\'s").column(), is(9));
  }

  @Test
  void rejectsTrailingInput() {
    CriteriaException e = failure("change >= 22 change");
    assertThat(e.column(), is(14));
    assertThat(e.getMessage(), is("unexpected 'change' after a complete expression at column 14"));
    assertThat(failure("change >= 22)").getMessage(), startsWith("unexpected ')'"));
  }

  @Test
  void rejectsAnUnexpectedToken() {
    assertThat(
        failure("and change >= 22").getMessage(),
        is("expected a field name or '(' at column 1, found 'and'"));
    assertThat(
        failure("change 22").getMessage(),
        startsWith(
            "expected an operator (=, !=, <, <=, >, >=, in) or .exists() or .empty() after"
                + " 'change' at column 8, found the number 22"));
    assertThat(
        failure("(change >= 22").getMessage(),
        is(
            "expected ')' to close the '(' of column 1 at column 14, found the end of the expression"));
    assertThat(
        failure("sex in 'female'").getMessage(), startsWith("expected '(' after 'in' at column 8"));
    assertThat(
        failure("sex in ('female' 'male')").getMessage(),
        startsWith("expected '|' or ')' in the list after 'in' at column 18"));
    assertThat(
        failure("sex in ('female', 'male')").getMessage(),
        is(
            "expected '|' or ')' in the list after 'in' at column 17, found ','"
                + " (FHIRPath separates the values with |)"));
  }

  @Test
  void pointsTheOldSyntaxToItsFhirPathForm() {
    assertThat(
        failure("change is not null").getMessage(),
        is(
            "expected an operator (=, !=, <, <=, >, >=, in) or .exists() or .empty() after"
                + " 'change' at column 8, found 'is' (test a missing value with field.empty() or"
                + " field.exists())"));
    assertThat(
        failure("not change >= 22").getMessage(),
        is(
            "expected a field name or '(' at column 1, found 'not' (negate with"
                + " (expression).not())"));
    assertThat(
        failure("sex = 'male'.not()").getMessage(),
        is(
            "unexpected '.' after a complete expression at column 13 (only a parenthesised"
                + " expression, field.exists() or field.empty() takes .not())"));
  }

  @Test
  void rejectsAnUnknownFunction() {
    assertThat(
        failure("change.count() > 0").getMessage(),
        is("expected exists() or empty() after 'change.' at column 8, found 'count'"));
    assertThat(
        failure("change.exists(1)").getMessage(),
        startsWith("expected '()' after 'exists' at column 15, found the number 1"));
    assertThat(
        failure("(change > 0).nit()").getMessage(),
        startsWith("expected not() after '.' at column 14, found 'nit'"));
  }

  @Test
  void rejectsAnUnexpectedCharacter() {
    assertThat(failure("change # 2").getMessage(), is("unexpected character '#' at column 8"));
    assertThat(
        failure("instrument = \"HOOS_JR\"").getMessage(),
        containsString("at column 14 (strings are in single quotes"));
    assertThat(failure("change ! 2").column(), is(8));
    assertThat(
        failure("change >= 2x").getMessage(), startsWith("malformed number '2x' at column 11"));
    assertThat(failure("change >= 1.5.2").column(), is(11));
    assertThat(failure("change >= 22.").column(), is(11));
    assertThat(failure("change >= - 2").column(), is(11));
  }

  @Test
  void rejectsAnEmptyExpression() {
    assertThat(failure("").getMessage(), is("empty expression at column 1"));
    assertThat(failure("   ").column(), is(1));
  }

  @Test
  void rejectsAnEmptyParenthesis() {
    assertThat(
        failure("change > 0 and ()").getMessage(),
        is("expected a field name or '(' at column 17, found ')'"));
  }
}
