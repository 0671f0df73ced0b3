# The control-plane silo. Build from the repository's root:
#   docker build -f infra/docker/controlplane.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY . .
RUN dotnet publish src/Orchestrator.ControlPlane -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080 11111 30000
ENV Urls=http://0.0.0.0:8080
ENTRYPOINT ["dotnet", "Orchestrator.ControlPlane.dll"]
