import Testing

@Suite("Fixtures")
struct FixturesTests {
  @Test("the bug cases are bundled with the tests and readable")
  func bugCases() throws {
    let mean = try Fixtures.bugCase("mean-of-empty")
    #expect(mean["kind"] as? String == "mean over empty tensor")
  }
}
