namespace Aims.Core.Lifecycle;

public enum GateState
{
    Pending,
    Approved,
    Rejected,
}
