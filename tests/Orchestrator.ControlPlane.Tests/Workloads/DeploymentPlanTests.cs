using System.Text.Json.Nodes;
using Orchestrator.ControlPlane.Workloads;

namespace Orchestrator.ControlPlane.Tests.Workloads;

[TestClass]
[TestCategory("Unit")]
public sealed class DeploymentPlanTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Compute_NewDeployment_CreatesReplicaSetWithHashOwnerAndAnnotations()
    {
        var simulation = new RolloutSimulation(RolloutSimulation.NewDeployment(3), Start);

        var sync = simulation.Sync();

        var rs = sync.ReplicaSetToCreate!;
        var hash = PodTemplateHash.Compute(RolloutSimulation.Template("web:1"), null);
        Assert.AreEqual($"web-{hash}", RolloutSimulation.Name(rs));
        Assert.AreEqual(hash, (string?)rs["metadata"]!["labels"]![PodTemplateHash.Label]);
        Assert.AreEqual(hash, (string?)rs["spec"]!["selector"]!["matchLabels"]![PodTemplateHash.Label]);
        Assert.AreEqual(hash, (string?)rs["spec"]!["template"]!["metadata"]!["labels"]![PodTemplateHash.Label]);
        var owner = rs["metadata"]!["ownerReferences"]![0]!;
        Assert.AreEqual("deploy-uid", (string?)owner["uid"]);
        Assert.IsTrue((bool)owner["controller"]!);
        Assert.IsTrue((bool)owner["blockOwnerDeletion"]!);
        Assert.AreEqual("1", RolloutSimulation.Annotation(rs, DeploymentPlan.RevisionAnnotation));
        Assert.AreEqual("3", RolloutSimulation.Annotation(rs, DeploymentPlan.DesiredReplicasAnnotation));
        Assert.AreEqual("4", RolloutSimulation.Annotation(rs, DeploymentPlan.MaxReplicasAnnotation));
        Assert.AreEqual(3, (int)rs["spec"]!["replicas"]!);
        Assert.AreEqual("1", sync.Revision);
        Assert.AreEqual(1L, ObservedGeneration(sync));
        Assert.AreEqual("NewReplicaSetCreated", (string?)simulation.Condition("Progressing")!["reason"]);
        Assert.AreEqual($"Created new replica set \"web-{hash}\"",
            (string?)simulation.Condition("Progressing")!["message"]);
        Assert.AreEqual("MinimumReplicasUnavailable", (string?)simulation.Condition("Available")!["reason"]);
    }

    [TestMethod]
    public void Compute_SettledDeployment_ReportsCompleteAndThenDecidesNothing()
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(3));

        var sync = simulation.Sync();

        Assert.IsNull(sync.ReplicaSetToCreate);
        Assert.AreEqual(0, sync.ReplicaSetsToUpdate.Count);
        Assert.IsFalse(sync.StatusChanged);
        Assert.AreEqual(
            $"ReplicaSet \"{RolloutSimulation.Name(simulation.ReplicaSets[0])}\" has successfully progressed.",
            (string?)simulation.Condition("Progressing")!["message"]);
        Assert.AreEqual("Deployment has minimum availability.", (string?)simulation.Condition("Available")!["message"]);
        Assert.AreEqual(3, (int)sync.Status["availableReplicas"]!);
        Assert.IsNull(sync.Status["unavailableReplicas"]);
    }

    [TestMethod]
    public void Compute_TenReplicasSurgeOneUnavailableZero_StepsOnePodAtATimeNeverBelowTen()
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(10, maxSurge: 1, maxUnavailable: 0));
        simulation.SetImage("web:2");

        // Each row: the new and old ReplicaSet sizes after a sync; pods become available one settle later.
        (int New, int Old)[] expected = [(1, 10), (1, 10), (1, 9), (2, 9), (2, 9), (2, 8), (3, 8)];
        foreach (var (row, step) in expected.Select((row, step) => (row, step)))
        {
            simulation.Sync();
            Assert.AreEqual(row, (simulation.SpecOf("web:2"), simulation.SpecOf("web:1")), $"sync {step + 1}");
            simulation.Settle();
        }

        simulation.RunToCompletion(() =>
        {
            Assert.IsTrue(simulation.TotalAvailable >= 10, $"available fell to {simulation.TotalAvailable}");
            Assert.IsTrue(simulation.TotalSpec <= 11, $"surged to {simulation.TotalSpec}");
        });
        Assert.AreEqual((10, 0), (simulation.SpecOf("web:2"), simulation.SpecOf("web:1")));
        Assert.AreEqual("2", RolloutSimulation.Annotation(simulation.Deployment, DeploymentPlan.RevisionAnnotation));
    }

    [TestMethod]
    [DataRow(4, 1, 3, 5, 3)]
    [DataRow(10, 3, 8, 13, 8)]
    public void Compute_QuarterSurgeQuarterUnavailable_FirstSyncAndBoundsHoldToCompletion(
        int replicas, int firstNew, int firstOld, int maxTotal, int minAvailable)
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(replicas));
        simulation.SetImage("web:2");

        simulation.Sync();

        Assert.AreEqual((firstNew, firstOld), (simulation.SpecOf("web:2"), simulation.SpecOf("web:1")));
        simulation.Settle();
        simulation.RunToCompletion(() =>
        {
            Assert.IsTrue(simulation.TotalAvailable >= minAvailable, $"available {simulation.TotalAvailable}");
            Assert.IsTrue(simulation.TotalSpec <= maxTotal, $"total {simulation.TotalSpec}");
        });
        Assert.AreEqual((replicas, 0), (simulation.SpecOf("web:2"), simulation.SpecOf("web:1")));
    }

    [TestMethod]
    public void Compute_Recreate_ScalesOldToZeroWaitsForPodsThenCreatesNew()
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(3, recreate: true));
        simulation.SetImage("web:2");
        var old = RolloutSimulation.Name(simulation.ReplicaSetFor("web:1"));

        var first = simulation.Sync();
        Assert.IsNull(first.ReplicaSetToCreate);
        Assert.AreEqual(0, simulation.SpecOf("web:1"));
        simulation.Settle();

        var waiting = simulation.Sync(new Dictionary<string, int> { [old] = 1 });
        Assert.IsNull(waiting.ReplicaSetToCreate, "a pod of the old ReplicaSet is still terminating");

        var created = simulation.Sync(new Dictionary<string, int> { [old] = 0 });
        Assert.AreEqual(3, (int)created.ReplicaSetToCreate!["spec"]!["replicas"]!);
        simulation.Settle();
        simulation.RunToCompletion();
    }

    [TestMethod]
    public void Compute_PausedThenResumed_NoProgressWhilePausedThenRollsOut()
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(3));
        simulation.ChangeSpec(spec => spec["paused"] = true);
        simulation.SetImage("web:2");

        var paused = simulation.Sync();
        Assert.IsNull(paused.ReplicaSetToCreate);
        Assert.AreEqual(0, paused.ReplicaSetsToUpdate.Count);
        Assert.AreEqual("DeploymentPaused", (string?)simulation.Condition("Progressing")!["reason"]);
        Assert.AreEqual("Unknown", (string?)simulation.Condition("Progressing")!["status"]);

        simulation.ChangeSpec(spec => spec["paused"] = false);
        var resumed = simulation.Sync();
        Assert.IsNotNull(resumed.ReplicaSetToCreate);
        simulation.Settle();
        simulation.RunToCompletion();
    }

    [TestMethod]
    public void Compute_PausedMidRolloutAndScaled_ScalesActiveReplicaSetsProportionally()
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(10));
        simulation.SetImage("web:2");
        simulation.Sync();
        simulation.Settle();
        Assert.AreEqual((3, 8), (simulation.SpecOf("web:2"), simulation.SpecOf("web:1")));
        simulation.ChangeSpec(spec =>
        {
            spec["paused"] = true;
            spec["replicas"] = 20;
        });

        simulation.Sync();

        // Room for 25 - 11 = 14 more: each grows by its share of the old maximum of 13 (8 -> +7, 3 -> +3), and
        // the leftover 4 goes to the largest.
        Assert.AreEqual((6, 19), (simulation.SpecOf("web:2"), simulation.SpecOf("web:1")));
        Assert.AreEqual("20", RolloutSimulation.Annotation(
            simulation.ReplicaSetFor("web:1"), DeploymentPlan.DesiredReplicasAnnotation));
    }

    [TestMethod]
    public void Compute_ScaleToZeroAndBack_ReusesTheReplicaSet()
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(3));

        simulation.ChangeSpec(spec => spec["replicas"] = 0);
        var down = simulation.Sync();
        simulation.Settle();
        simulation.Sync();
        Assert.AreEqual(0, simulation.SpecOf("web:1"));
        Assert.IsNull(down.ReplicaSetToCreate);
        Assert.IsNull(simulation.Deployment["status"]!["replicas"]);

        simulation.ChangeSpec(spec => spec["replicas"] = 5);
        var up = simulation.Sync();
        Assert.IsNull(up.ReplicaSetToCreate);
        Assert.AreEqual(5, simulation.SpecOf("web:1"));
        Assert.AreEqual(1, simulation.ReplicaSets.Count);
    }

    [TestMethod]
    public void Compute_UndoToPreviousTemplate_ReusesOldReplicaSetWithNextRevision()
    {
        var simulation = Settled(RolloutSimulation.NewDeployment(3));
        simulation.SetImage("web:2");
        simulation.RunToCompletion();
        var original = RolloutSimulation.Name(simulation.ReplicaSetFor("web:1"));

        simulation.SetImage("web:1");
        var sync = simulation.Sync();

        Assert.IsNull(sync.ReplicaSetToCreate);
        Assert.AreEqual("3", sync.Revision);
        Assert.AreEqual("3", RolloutSimulation.Annotation(
            simulation.ReplicaSetFor("web:1"), DeploymentPlan.RevisionAnnotation));
        Assert.AreEqual(original, RolloutSimulation.Name(simulation.ReplicaSetFor("web:1")));
        Assert.IsTrue(simulation.SpecOf("web:1") > 0);
        simulation.Settle();
        simulation.RunToCompletion();
        Assert.AreEqual(2, simulation.ReplicaSets.Count);
    }

    [TestMethod]
    [DataRow(0, 1)]
    [DataRow(1, 2)]
    [DataRow(5, 4)]
    public void Compute_HistoryBeyondLimit_DeletesOldestScaledDownReplicaSets(int limit, int remaining)
    {
        var deployment = RolloutSimulation.NewDeployment(2);
        deployment["spec"]!["revisionHistoryLimit"] = limit;
        var simulation = Settled(deployment);
        foreach (var image in new[] { "web:2", "web:3", "web:4" })
        {
            simulation.SetImage(image);
            simulation.RunToCompletion();
        }

        simulation.Sync();

        Assert.AreEqual(remaining, simulation.ReplicaSets.Count);
        Assert.AreEqual(2, simulation.SpecOf("web:4"));
        var revisions = simulation.ReplicaSets
            .Select(rs => RolloutSimulation.Annotation(rs, DeploymentPlan.RevisionAnnotation)).ToList();
        CollectionAssert.AreEqual(new[] { "1", "2", "3", "4" }.Skip(4 - remaining).ToList(), revisions);
    }

    [TestMethod]
    public void Compute_NoProgressPastDeadline_MarksProgressDeadlineExceeded()
    {
        var deployment = RolloutSimulation.NewDeployment(2);
        deployment["spec"]!["progressDeadlineSeconds"] = 60;
        var simulation = Settled(deployment);
        simulation.PodsBecomeAvailable = false;
        simulation.SetImage("web:2");
        simulation.Sync();
        simulation.Settle();
        simulation.Sync();
        simulation.Settle();
        Assert.AreEqual("ReplicaSetUpdated", (string?)simulation.Condition("Progressing")!["reason"]);

        simulation.Now = Start.AddSeconds(30);
        var early = simulation.Sync();
        Assert.AreEqual("ReplicaSetUpdated", (string?)simulation.Condition("Progressing")!["reason"]);
        Assert.AreEqual(TimeSpan.FromSeconds(30), early.RequeueAfter);

        simulation.Now = Start.AddSeconds(61);
        var late = simulation.Sync();

        var progressing = simulation.Condition("Progressing")!;
        Assert.AreEqual("ProgressDeadlineExceeded", (string?)progressing["reason"]);
        Assert.AreEqual("False", (string?)progressing["status"]);
        Assert.AreEqual(
            $"ReplicaSet \"{RolloutSimulation.Name(simulation.ReplicaSetFor("web:2"))}\" has timed out progressing.",
            (string?)progressing["message"]);
        Assert.IsNull(late.RequeueAfter);
    }

    [TestMethod]
    public void Compute_BothBoundsZero_Throws()
    {
        var deployment = RolloutSimulation.NewDeployment(3, maxSurge: 0, maxUnavailable: 0);

        Assert.ThrowsExactly<ArgumentException>(() => DeploymentPlan.Compute(deployment, [], Start));
    }

    [TestMethod]
    [DataRow("25%", "25%", 4, 1, 1)]
    [DataRow("25%", "25%", 10, 3, 2)]
    [DataRow(1, 0, 10, 1, 0)]
    [DataRow("10%", "10%", 5, 1, 0)]
    [DataRow("0%", "10%", 5, 0, 1)]
    [DataRow(2, "50%", 3, 2, 1)]
    public void Resolve_IntsAndPercentages_SurgeRoundsUpUnavailableRoundsDown(
        object surge, object unavailable, int replicas, int expectedSurge, int expectedUnavailable)
    {
        var rollingUpdate = new JsonObject
        {
            ["maxSurge"] = JsonValue.Create(surge),
            ["maxUnavailable"] = JsonValue.Create(unavailable),
        };

        var bounds = RollingUpdateBounds.Resolve(rollingUpdate, replicas);

        Assert.AreEqual(new RollingUpdateBounds(expectedSurge, expectedUnavailable), bounds);
    }

    private static long ObservedGeneration(DeploymentSync sync) =>
        sync.Status["observedGeneration"]!.GetValue<long>();

    private static RolloutSimulation Settled(JsonObject deployment)
    {
        var simulation = new RolloutSimulation(deployment, Start);
        simulation.RunToCompletion();
        simulation.Sync();
        return simulation;
    }
}
