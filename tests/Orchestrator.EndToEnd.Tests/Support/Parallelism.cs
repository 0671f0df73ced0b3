// Test classes run side by side: each works in namespaces of its own, and the five-minute idle watch then costs
// the run no more than its own duration.
[assembly: Parallelize(Workers = 4, Scope = ExecutionScope.ClassLevel)]
