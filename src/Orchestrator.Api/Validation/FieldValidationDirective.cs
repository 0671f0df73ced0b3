namespace Orchestrator.Api.Validation;

/// <summary>What the <c>fieldValidation</c> query parameter asks of unknown and duplicate fields.</summary>
public enum FieldValidationDirective
{
    /// <summary>Drop unknown fields and keep the last of duplicates, silently.</summary>
    Ignore,

    /// <summary>As Ignore, plus a <c>Warning</c> header for each problem. The default, as in Kubernetes.</summary>
    Warn,

    /// <summary>Fail the request with 400 BadRequest listing every problem.</summary>
    Strict,
}
