// Every operation of specs/openapi-cloud.yaml (42) and where it is called through the generated client
// over loopback HTTP against the fake Comfy Cloud:
//
//   operationId              method                      tests in
//   executePrompt            ExecutePromptAsync          JobOperationTests
//   getPromptInfo            GetPromptInfoAsync          JobOperationTests
//   getNodeInfo              GetNodeInfoAsync            CatalogOperationTests
//   getFeatures              GetFeaturesAsync            CatalogOperationTests
//   getWorkflowTemplates     GetWorkflowTemplatesAsync   CatalogOperationTests
//   getGlobalSubgraphs       GetGlobalSubgraphsAsync     CatalogOperationTests
//   getGlobalSubgraph        GetGlobalSubgraphAsync      CatalogOperationTests
//   getModelFolders          GetModelFoldersAsync        CatalogOperationTests
//   getModelsInFolder        GetModelsInFolderAsync      CatalogOperationTests
//   getModelPreview          GetModelPreviewAsync        CatalogOperationTests
//   manageHistory            ManageHistoryAsync          JobOperationTests
//   getHistory               GetHistoryAsync             JobOperationTests (deprecated in the spec)
//   getHistoryForPrompt      GetHistoryForPromptAsync    JobOperationTests (deprecated in the spec)
//   listJobs                 ListJobsAsync               JobOperationTests
//   getJobDetail             GetJobDetailAsync           JobOperationTests
//   viewFile                 ViewFileAsync               FileOperationTests, JobOperationTests
//   getMaskLayers            GetMaskLayersAsync          FileOperationTests
//   listAssets               ListAssetsAsync             AssetOperationTests
//   uploadAsset              UploadAssetAsync (×2)       AssetOperationTests (multipart and JSON overloads)
//   createAssetFromHash      CreateAssetFromHashAsync    AssetOperationTests
//   getRemoteAssetMetadata   GetRemoteAssetMetadataAsync AssetOperationTests
//   createAssetDownload      CreateAssetDownloadAsync    AssetOperationTests
//   getAssetById             GetAssetByIdAsync           AssetOperationTests
//   updateAsset              UpdateAssetAsync            AssetOperationTests
//   deleteAsset              DeleteAssetAsync            AssetOperationTests
//   addAssetTags             AddAssetTagsAsync           AssetOperationTests
//   removeAssetTags          RemoveAssetTagsAsync        AssetOperationTests
//   listTags                 ListTagsAsync               AssetOperationTests (and ../ListTagsTests)
//   getAssetTagHistogram     GetAssetTagHistogramAsync   AssetOperationTests
//   checkAssetByHash         CheckAssetByHashAsync       AssetOperationTests
//   getQueueInfo             GetQueueInfoAsync           JobOperationTests
//   manageQueue              ManageQueueAsync            JobOperationTests
//   interruptJob             InterruptJobAsync           JobOperationTests
//   getUserdata              GetUserdataAsync            UserdataOperationTests
//   getUserdataFile          GetUserdataFileAsync        UserdataOperationTests
//   postUserdataFile         PostUserdataFileAsync       UserdataOperationTests
//   deleteUserdataFile       DeleteUserdataFileAsync     UserdataOperationTests
//   uploadImage              UploadImageAsync            FileOperationTests
//   uploadMask               UploadMaskAsync             FileOperationTests
//   getSystemStats           GetSystemStatsAsync         CatalogOperationTests
//   getUser                  GetUserAsync                CatalogOperationTests
//   getJobStatus             GetJobStatusAsync           JobOperationTests

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Comfy.Cloud;
using Xunit;

namespace ComfyCodegen.IntegrationTests.Operations;

/// <summary>Keeps the table above honest: every operationId of the spec has a client method that a test here calls.</summary>
public sealed class OperationCoverageTests
{
    private static readonly string[] Listed =
    {
        "executePrompt", "getPromptInfo", "getNodeInfo", "getFeatures", "getWorkflowTemplates", "getGlobalSubgraphs",
        "getGlobalSubgraph", "getModelFolders", "getModelsInFolder", "getModelPreview", "manageHistory", "getHistory",
        "getHistoryForPrompt", "listJobs", "getJobDetail", "viewFile", "getMaskLayers", "listAssets", "uploadAsset",
        "createAssetFromHash", "getRemoteAssetMetadata", "createAssetDownload", "getAssetById", "updateAsset", "deleteAsset",
        "addAssetTags", "removeAssetTags", "listTags", "getAssetTagHistogram", "checkAssetByHash", "getQueueInfo",
        "manageQueue", "interruptJob", "getUserdata", "getUserdataFile", "postUserdataFile", "deleteUserdataFile",
        "uploadImage", "uploadMask", "getSystemStats", "getUser", "getJobStatus",
    };

    [Fact]
    public void TheListIsExactlyTheSpecsOperations()
    {
        string spec = File.ReadAllText(Path.Combine(RepositoryRoot(), "specs", "openapi-cloud.yaml"));
        string[] inSpec = Regex.Matches(spec, @"^\s*operationId:\s*(\S+)\s*$", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();

        Assert.Equal(42, inSpec.Length);
        Assert.Equal(inSpec.OrderBy(x => x, StringComparer.Ordinal), Listed.OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void EveryOperationHasAClientMethodThatATestHereCalls()
    {
        string folder = Path.Combine(RepositoryRoot(), "tests", "ComfyCodegen.IntegrationTests", "Operations");
        string sources = string.Join("\n", Directory.GetFiles(folder, "*OperationTests.cs").Where(f => !f.EndsWith("OperationCoverageTests.cs", StringComparison.Ordinal)).Select(File.ReadAllText));
        var missing = new List<string>();
        foreach (string operationId in Listed)
        {
            string method = char.ToUpperInvariant(operationId[0]) + operationId[1..] + "Async";
            if (typeof(IComfyCloudClient).GetMethods().All(m => m.Name != method))
            {
                missing.Add($"{operationId}: IComfyCloudClient has no {method}");
            }
            else if (!Regex.IsMatch(sources, @"[Cc]lient\." + method + @"\("))
            {
                missing.Add($"{operationId}: no test calls {method}");
            }
        }

        Assert.Empty(missing);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ComfyCodegen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ComfyCodegen.sln not found above " + AppContext.BaseDirectory);
    }
}
