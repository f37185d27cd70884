using System.Globalization;
using System.Text;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// Writes an OpenAPI 3.0 spec of N operations with proportional schemas, in the shapes the Comfy specs use: per
/// resource a GET with a path parameter and a constrained query, and a POST with a JSON body; per resource one schema
/// with required and optional members, formats, a constrained integer, an array, a nested reference and an enum.
/// </summary>
public static class SyntheticSpec
{
    /// <summary>A spec with <paramref name="operations"/> operations (an even number) and operations / 2 schemas + enums.</summary>
    public static string Create(int operations)
    {
        var resources = operations / 2;
        var yaml = new StringBuilder(operations * 900);
        yaml.Append("""
            openapi: 3.0.3
            info:
              title: Synthetic
              version: 1.0.0
            paths:

            """);
        for (var i = 0; i < resources; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                  /api/resources{{i}}/{id}:
                    get:
                      operationId: getResource{{i}}
                      summary: Reads resource {{i}}
                      parameters:
                        - name: id
                          in: path
                          required: true
                          schema:
                            type: string
                        - name: limit
                          in: query
                          schema:
                            type: integer
                            minimum: 1
                            maximum: 500
                            default: 20
                        - name: order
                          in: query
                          schema:
                            $ref: '#/components/schemas/Order{{i}}'
                      responses:
                        '200':
                          description: The resource.
                          content:
                            application/json:
                              schema:
                                $ref: '#/components/schemas/Resource{{i}}'
                        '404':
                          description: Not found.
                  /api/resources{{i}}:
                    post:
                      operationId: createResource{{i}}
                      summary: Creates resource {{i}}
                      requestBody:
                        required: true
                        content:
                          application/json:
                            schema:
                              $ref: '#/components/schemas/Resource{{i}}'
                      responses:
                        '201':
                          description: Created.
                          content:
                            application/json:
                              schema:
                                $ref: '#/components/schemas/Resource{{i}}'

                """);
        }

        yaml.Append("""
            components:
              schemas:

            """);
        for (var i = 0; i < resources; i++)
        {
            var nested = i == 0 ? "" : $$"""
                        parent:
                          $ref: '#/components/schemas/Resource{{i - 1}}'

                """;
            yaml.Append(CultureInfo.InvariantCulture, $$"""
                    Order{{i}}:
                      type: string
                      enum:
                        - newest
                        - oldest
                    Resource{{i}}:
                      type: object
                      required:
                        - id
                        - name
                        - created_at
                      properties:
                        id:
                          type: string
                          format: uuid
                        name:
                          type: string
                          minLength: 1
                          maxLength: 200
                        size:
                          type: integer
                          format: int64
                          minimum: 0
                        tags:
                          type: array
                          items:
                            type: string
                        created_at:
                          type: string
                          format: date-time
                        note:
                          type: string
                          nullable: true
                        order:
                          $ref: '#/components/schemas/Order{{i}}'
                {{nested}}
                """);
        }

        return yaml.ToString();
    }
}
