global using Contrevue.Data;
global using Contrevue.Tests.Infrastructure;
global using Xunit;
