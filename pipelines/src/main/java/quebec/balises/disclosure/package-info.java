/**
 * Disclosure control for everything bound for {@code public/}: primary suppression is the
 * publication rules' (indicators), complementary suppression is here, as plain Java with no Beam.
 */
package quebec.balises.disclosure;
