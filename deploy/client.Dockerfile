# The `sweep` command (docs/cli.md) in a container, for reaching a cluster whose silos are only routable on the
# compose network. Joins the cluster through SWEEP_REDIS. Used by docker-compose.yml's `client` service (profile tools).
# Build from the repository root: docker build -f deploy/client.Dockerfile -t sweepcluster-client .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Engine/Engine.csproj src/Engine/
COPY src/Grains/Grains.csproj src/Grains/
COPY src/Client/Client.csproj src/Client/
RUN dotnet restore src/Client/Client.csproj
COPY src/ src/
RUN dotnet publish src/Client/Client.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0
WORKDIR /work
COPY --from=build /app /app
ENTRYPOINT ["dotnet", "/app/sweep.dll"]
