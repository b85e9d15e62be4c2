/**
 * ecoc4j's test kit, a test-scoped dependency of plugin modules: {@link
 * org.ecoc4j.testkit.ArrayTerms} evaluates the api's symbolic terms in double precision on
 * arrays, the reference that objectives and losses written with {@link
 * org.ecoc4j.api.symbolic.Terms} are checked against, independent of any backend.
 */
module ecoc4j.testkit {
  requires transitive ecoc4j.api;

  exports org.ecoc4j.testkit;
}
