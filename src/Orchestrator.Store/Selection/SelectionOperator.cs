namespace Orchestrator.Store.Selection;

/// <summary>The operators of label and field selectors.</summary>
public enum SelectionOperator
{
    Equals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
