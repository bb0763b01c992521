using System.Globalization;
using System.Text;
using System.Text.Json;

using Contrevue.Infrastructure;

namespace Contrevue.Features.Territories.Places;

/// <summary>
/// JSON tokens read one at a time from a stream through <see cref="Utf8JsonReader"/>, over a buffer that
/// is refilled as the reader consumes it: a file of any length is read in bounded memory. One token
/// (a string, a number) may not exceed <see cref="MaxTokenBytes"/>. Unreadable input raises
/// <see cref="InvalidDataException"/> with a French message. Used by the imports of geographic files.
/// </summary>
[Seam]
public sealed class JsonTokenStream(Stream stream)
{
    private const int MaxTokenBytes = 1 << 20;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _final;
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip });

    public JsonTokenType TokenType { get; private set; }
    private string? _text;
    private byte[]? _raw;

    /// <summary>The current string or property name.</summary>
    public string Text => _text ?? throw Error("texte attendu");

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryRead())
            {
                return true;
            }
            if (_final)
            {
                if (_start < _end)
                {
                    throw Error("fin de fichier inattendue");
                }
                return false;
            }
            await FillAsync(cancellationToken);
        }
    }

    /// <summary>Reads the next token, which must exist.</summary>
    public async ValueTask NextAsync(CancellationToken cancellationToken)
    {
        if (!await ReadAsync(cancellationToken))
        {
            throw Error("fin de fichier inattendue");
        }
    }

    public async ValueTask ExpectAsync(JsonTokenType type, CancellationToken cancellationToken)
    {
        await NextAsync(cancellationToken);
        if (TokenType != type)
        {
            throw Error($"{Describe(type)} attendu");
        }
    }

    /// <summary>Skips the value whose first token was just read (an object or array whole).</summary>
    public async ValueTask SkipValueAsync(CancellationToken cancellationToken)
    {
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }
        var depth = 1;
        while (depth > 0)
        {
            await NextAsync(cancellationToken);
            if (TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                depth++;
            }
            else if (TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                depth--;
            }
        }
    }

    /// <summary>Writes the value whose first token was just read (an object or array whole) to <paramref name="writer"/>.</summary>
    public async ValueTask CopyValueAsync(Utf8JsonWriter writer, int maxBytes, CancellationToken cancellationToken)
    {
        var depth = 0;
        do
        {
            switch (TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    depth++;
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                    writer.WriteEndObject();
                    depth--;
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    depth--;
                    break;
                case JsonTokenType.PropertyName:
                    writer.WritePropertyName(Text);
                    break;
                case JsonTokenType.String:
                    writer.WriteStringValue(Text);
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(_raw!, skipInputValidation: true);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    writer.WriteBooleanValue(TokenType == JsonTokenType.True);
                    break;
                case JsonTokenType.Null:
                    writer.WriteNullValue();
                    break;
            }
            if (writer.BytesPending + writer.BytesCommitted > maxBytes)
            {
                throw Error("géométrie trop grande");
            }
            if (depth > 0)
            {
                await NextAsync(cancellationToken);
            }
        }
        while (depth > 0);
        await writer.FlushAsync(cancellationToken);
    }

    public bool TryGetLong(out long value)
    {
        value = 0;
        return TokenType == JsonTokenType.Number && _raw is not null && long.TryParse(_raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public bool TryGetDouble(out double value)
    {
        value = 0;
        return TokenType == JsonTokenType.Number && _raw is not null &&
            double.TryParse(_raw, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>The value as text whatever its JSON type (tags are strings, but some exports write numbers).</summary>
    public string? ScalarText => TokenType switch
    {
        JsonTokenType.String => _text,
        JsonTokenType.Number => _raw is null ? null : Encoding.UTF8.GetString(_raw),
        JsonTokenType.True => "yes",
        JsonTokenType.False => "no",
        _ => null,
    };

    /// <summary>An operator's message (the command line speaks French only), with where the reader stopped.</summary>
    public InvalidDataException Error(string what) =>
        new("JSON illisible (" + what + ", vers l'octet " + (_consumedBefore + _start).ToString("N0", CultureInfo.InvariantCulture) + ").");

    private long _consumedBefore;

    private bool TryRead()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
        bool read;
        try
        {
            read = reader.Read();
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"JSON illisible (ligne {LineHint(exception)}, vers l'octet {_consumedBefore + _start:N0}).");
        }
        if (!read)
        {
            return false;
        }
        TokenType = reader.TokenType;
        _text = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? reader.GetString() : null;
        _raw = reader.TokenType == JsonTokenType.Number ? reader.ValueSpan.ToArray() : null;
        _start += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return true;
    }

    private static string LineHint(JsonException exception) => exception.LineNumber is long line ? (line + 1).ToString(CultureInfo.InvariantCulture) : "?";

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _consumedBefore += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxTokenBytes)
            {
                throw Error("valeur trop longue");
            }
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _final = true;
        }
        _end += read;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "objet",
        JsonTokenType.StartArray => "tableau",
        JsonTokenType.String => "texte",
        JsonTokenType.Number => "nombre",
        _ => type.ToString(),
    };
}
