using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Aims.Application.Tests.Evidence;

/// <summary>
/// A real RFC 3161 time-stamping authority on 127.0.0.1 (Kestrel, a random port), answering with BouncyCastle's
/// <see cref="TimeStampResponseGenerator"/>: a generated RSA key and a self-signed certificate whose only (critical) extended
/// key usage is timeStamping. <see cref="FailWith"/> makes it answer an HTTP error instead.
/// </summary>
public sealed class LoopbackTimestampAuthority : IAsyncDisposable
{
    private const string Policy = "1.3.6.1.4.1.55555.1";
    private readonly WebApplication _app;
    private readonly TimeStampTokenGenerator _tokens;
    private long _serial;

    private LoopbackTimestampAuthority(WebApplication app, X509Certificate2 certificate, TimeStampTokenGenerator tokens)
    {
        _app = app;
        Certificate = certificate;
        _tokens = tokens;
    }

    /// <summary>The authority's certificate (public part): what an auditor would be given as <c>tsa.pem</c>.</summary>
    public X509Certificate2 Certificate { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>An HTTP status to answer every request with instead of a timestamp; 0 answers normally.</summary>
    public int FailWith { get; set; }

    public int Requests => (int)Interlocked.Read(ref _requests);

    private long _requests;

    public static async Task<LoopbackTimestampAuthority> StartAsync()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=AIMS test time-stamping authority", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
        var bcCertificate = DotNetUtilities.FromX509Certificate(certificate);
        var key = DotNetUtilities.GetRsaKeyPair(rsa).Private;
        var tokens = new TimeStampTokenGenerator(key, bcCertificate, TspAlgorithms.Sha256, Policy);
        tokens.SetCertificates(CollectionUtilities.CreateStore(new List<BcCertificate> { bcCertificate }));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var authority = new LoopbackTimestampAuthority(app, certificate, tokens);
        app.Run(authority.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        authority.Url = new Uri(address.TrimEnd('/') + "/tsa");
        return authority;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (FailWith != 0)
        {
            context.Response.StatusCode = FailWith;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var answer = Timestamp(body.ToArray());
        context.Response.ContentType = "application/timestamp-reply";
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
    }

    /// <summary>A DER TimeStampResp for a DER TimeStampReq, as the authority answers it.</summary>
    public byte[] Timestamp(byte[] query)
    {
        var generator = new TimeStampResponseGenerator(_tokens, TspAlgorithms.Allowed);
        var request = new TimeStampRequest(query);
        lock (_tokens)
        {
            return generator.Generate(request, BigInteger.ValueOf(Interlocked.Increment(ref _serial)), DateTime.UtcNow).GetEncoded();
        }
    }

    /// <summary>A time-stamp response for any SHA-256 digest (hex), e.g. of a root the pack does not have.</summary>
    public byte[] TimestampHash(string sha256Hex) =>
        Timestamp(new TimeStampRequestGenerator { }.Generate(TspAlgorithms.Sha256, Convert.FromHexString(sha256Hex)).GetEncoded());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
