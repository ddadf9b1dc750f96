/**
 * Disclosure control for everything bound for {@code public/}: primary suppression is the
 * publication rules' (indicators); complementary suppression, the whole-number audit and the
 * release policy are here. {@link quebec.balises.disclosure.ProtectPublicFigures} is the pipeline
 * stage; every other class is plain Java with no Beam, tested alone (docs/decisions/0012).
 */
package quebec.balises.disclosure;
