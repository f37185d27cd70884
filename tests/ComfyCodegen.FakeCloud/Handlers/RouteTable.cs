using System.Collections.Generic;
using ComfyCodegen.FakeCloud.Infrastructure;

namespace ComfyCodegen.FakeCloud.Handlers;

/// <summary>The 42 operations of specs/openapi-cloud.yaml, plus the non-spec "signed URL" path on the main origin.</summary>
internal static class RouteTable
{
    public static IReadOnlyList<Route> Build()
    {
        const AuthMode Key = AuthMode.ApiKey;
        const AuthMode Open = AuthMode.None;
        const ErrorFormat Json = ErrorFormat.Json;
        const ErrorFormat Text = ErrorFormat.Text;

        return new List<Route>
        {
            // workflow / job
            new("POST", "/api/prompt", "executePrompt", Key, Json, JobHandlers.ExecutePromptAsync),
            new("GET", "/api/prompt", "getPromptInfo", Key, Json, JobHandlers.GetPromptInfoAsync),
            new("POST", "/api/history", "manageHistory", Key, Json, JobHandlers.ManageHistoryAsync),
            new("GET", "/api/history_v2", "getHistory", Key, Json, JobHandlers.GetHistoryAsync),
            new("GET", "/api/history_v2/{prompt_id}", "getHistoryForPrompt", Key, Json, JobHandlers.GetHistoryForPromptAsync),
            new("GET", "/api/jobs", "listJobs", Key, Json, JobHandlers.ListJobsAsync),
            new("GET", "/api/jobs/{job_id}", "getJobDetail", Key, Json, JobHandlers.GetJobDetailAsync),
            new("GET", "/api/job/{job_id}/status", "getJobStatus", Key, Json, JobHandlers.GetJobStatusAsync),
            new("GET", "/api/queue", "getQueueInfo", Key, Json, JobHandlers.GetQueueInfoAsync),
            new("POST", "/api/queue", "manageQueue", Key, Json, JobHandlers.ManageQueueAsync),
            new("POST", "/api/interrupt", "interruptJob", Key, Json, JobHandlers.InterruptAsync),

            // catalog
            new("GET", "/api/object_info", "getNodeInfo", Key, Json, CatalogHandlers.GetNodeInfoAsync),
            new("GET", "/api/features", "getFeatures", Open, Json, CatalogHandlers.GetFeaturesAsync),
            new("GET", "/api/workflow_templates", "getWorkflowTemplates", Open, Json, CatalogHandlers.GetWorkflowTemplatesAsync),
            new("GET", "/api/global_subgraphs", "getGlobalSubgraphs", Open, Json, CatalogHandlers.GetGlobalSubgraphsAsync),
            new("GET", "/api/global_subgraphs/{id}", "getGlobalSubgraph", Open, Json, CatalogHandlers.GetGlobalSubgraphAsync),
            new("GET", "/api/experiment/models", "getModelFolders", Open, Json, CatalogHandlers.GetModelFoldersAsync),
            new("GET", "/api/experiment/models/{folder}", "getModelsInFolder", Open, Json, CatalogHandlers.GetModelsInFolderAsync),
            new("GET", "/api/experiment/models/preview/{folder}/{path_index}/{filename}", "getModelPreview", Open, Json, CatalogHandlers.GetModelPreviewAsync),
            new("GET", "/api/system_stats", "getSystemStats", Open, Json, CatalogHandlers.GetSystemStatsAsync),
            new("GET", "/api/user", "getUser", Key, Json, CatalogHandlers.GetUserAsync),

            // files
            new("GET", "/api/view", "viewFile", Key, Json, FileHandlers.ViewAsync),
            new("GET", "/api/files/mask-layers", "getMaskLayers", Key, Json, FileHandlers.GetMaskLayersAsync),
            new("POST", "/api/upload/image", "uploadImage", Key, Json, FileHandlers.UploadImageAsync),
            new("POST", "/api/upload/mask", "uploadMask", Key, Json, FileHandlers.UploadMaskAsync),

            // assets
            new("GET", "/api/assets", "listAssets", Key, Json, AssetHandlers.ListAssetsAsync),
            new("POST", "/api/assets", "uploadAsset", Key, Json, AssetHandlers.UploadAssetAsync),
            new("POST", "/api/assets/from-hash", "createAssetFromHash", Key, Json, AssetHandlers.CreateFromHashAsync),
            new("GET", "/api/assets/remote-metadata", "getRemoteAssetMetadata", Key, Json, AssetHandlers.GetRemoteMetadataAsync),
            new("POST", "/api/assets/download", "createAssetDownload", Key, Json, AssetHandlers.CreateDownloadAsync),
            new("GET", "/api/assets/{id}", "getAssetById", Key, Json, AssetHandlers.GetAssetAsync),
            new("PUT", "/api/assets/{id}", "updateAsset", Key, Json, AssetHandlers.UpdateAssetAsync),
            new("DELETE", "/api/assets/{id}", "deleteAsset", Key, Json, AssetHandlers.DeleteAssetAsync),
            new("POST", "/api/assets/{id}/tags", "addAssetTags", Key, Json, AssetHandlers.AddTagsAsync),
            new("DELETE", "/api/assets/{id}/tags", "removeAssetTags", Key, Json, AssetHandlers.RemoveTagsAsync),
            new("GET", "/api/tags", "listTags", Key, Json, AssetHandlers.ListTagsAsync),
            new("GET", "/api/assets/tags/refine", "getAssetTagHistogram", Key, Json, AssetHandlers.TagHistogramAsync),
            new("HEAD", "/api/assets/hash/{hash}", "checkAssetByHash", Key, ErrorFormat.None, AssetHandlers.CheckHashAsync),

            // user data (errors are text/plain in the spec)
            new("GET", "/api/userdata", "getUserdata", Key, Text, UserdataHandlers.ListAsync),
            new("GET", "/api/userdata/{file}", "getUserdataFile", Key, Text, UserdataHandlers.GetFileAsync),
            new("POST", "/api/userdata/{file}", "postUserdataFile", Key, Text, UserdataHandlers.PostFileAsync),
            new("DELETE", "/api/userdata/{file}", "deleteUserdataFile", Key, Text, UserdataHandlers.DeleteFileAsync),

            // Not in the spec: the same-origin "signed URL" target of GET /api/view (ViewResponseMode.SameOrigin*).
            new("GET", "/signed/{token}", "(signed)", Open, Json, FileHandlers.ServeSignedSameOriginAsync),
            new("HEAD", "/signed/{token}", "(signed)", Open, ErrorFormat.None, FileHandlers.ServeSignedSameOriginAsync),
        };
    }
}
