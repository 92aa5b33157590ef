namespace Aims.Application.Proactive;

/// <summary>The app was installed for a person, but Teams did not open the chat yet: a later attempt will reach them.</summary>
public sealed class AppInstallPendingException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
