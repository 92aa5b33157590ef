// Tests run in the order AIMS_TEST_ORDER_SEED gives (see tests/Shared/TestOrder.cs and docs/testing.md).
[assembly: TestCaseOrderer("Aims.Testing.SeededTestCaseOrderer", "Aims.Workspace.Tests")]
[assembly: TestCollectionOrderer("Aims.Testing.SeededTestCollectionOrderer", "Aims.Workspace.Tests")]
