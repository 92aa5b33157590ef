using Aims.Application.Http;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Apis;

/// <summary><c>POST /api/messages</c>: the Bot Connector endpoint.</summary>
public sealed class MessagesHandler(BotEndpoint bot) : IHttpHandler
{
    public Task<IResult> HandleAsync(HttpContext context) => bot.HandleAsync(context);
}
